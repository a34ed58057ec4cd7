// `npx tsx scripts/bench/budget-report.ts [--shape many|long] [--entries N]`: the yearly report of the seed
// plan with every measure filled to its budget for 2023 (MAX_ENTRIES_PER_MEASURE_YEAR entries,
// MAX_TEXT_PER_MEASURE_YEAR characters), written through the command path, so the budget itself
// says it is full: one entry more is refused on each measure. A succession line takes at most
// half of each budget, so a measure naming one line is first amended to name a second executor
// (one of the seed's, not in its line): at most two lines then fill each measure. Then, in a fresh process (so the
// filling does not count), what a publication does: replay the log into memory, build the model,
// render each format; with the size of each file and the memory each step takes (peak RSS over
// the log held in memory, and the heap kept after each step). Not a test: it takes a minute.
//   many: 1,000 entries of about 200 characters on each measure (the entries budget binds too);
//         `--entries N` fills each measure to N entries sharing the same characters instead
//   long: entries of the longest text (10,000 characters), as many as the characters allow
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CommandPath } from '../../shared/commands/command-path';
import { runImport } from '../../shared/commands/run-import';
import {
  foldMeasure,
  MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR,
  MAX_ENTRIES_PER_MEASURE_YEAR,
  MAX_TEXT_LENGTH,
  MAX_TEXT_PER_EXECUTOR_MEASURE_YEAR,
  MAX_TEXT_PER_MEASURE_YEAR,
  measureStreamId,
  parseEventData,
} from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { buildReportModel } from '../../shared/report/build-model';
import { REPORT_FORMATS } from '../../shared/report/model';
import { renderReport } from '../../shared/report/render';
import { type EventEnvelope, iterateAll } from '../../shared/store/event-store';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { replayViews } from '../../shared/views/replay';
import { runIfMain } from '../lib/cli';
import { loadSeedFixture } from '../lib/seed';

const PLAN = 'spb-smolensk-2021-2023';
const YEAR = 2023;
const AT = '2024-01-10T09:00:00.000Z';
const SYSTEM = { keyId: 'system', role: 'system' as const };
const MB = 1024 * 1024;

/** Cyrillic words from a fixed pseudo-random sequence: text that compresses as prose does, not as one letter. */
function prose(length: number, seed: number): string {
  const letters = 'абвгдежзийклмнопрстуфхцчшщыьэюя';
  let x = seed * 2654435761 + 1;
  let text = '';
  while (text.length < length) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const word = 2 + (x % 9);
    for (let i = 0; i < word; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      text += letters[x % letters.length];
    }
    text += ' ';
  }
  return text.slice(0, length - 1).concat('.');
}

interface SeedDoc {
  executors: { executorId: string; liquidation?: { successorId?: string } }[];
  sections: { measures: { number: string; executors: { executorId: string }[] }[] }[];
}

/** What the measure has used of its budget for the year, folded from its stream. */
async function usedOf(store: MemoryEventStore, number: string) {
  const events = await store.readStream(measureStreamId(PLAN, number));
  const state = foldMeasure(events.map((e) => parseEventData(e.type, e.schemaVersion, e.data)));
  return state?.years[YEAR] ?? { entries: 0, characters: 0, entriesBy: {}, charactersBy: {} };
}

async function fill(shape: 'many' | 'long', file: string, perMeasure: number) {
  const store = new MemoryEventStore();
  const seed = loadSeedFixture() as SeedDoc;
  await runImport(store, seed, { actor: SYSTEM, at: AT });
  const commands = new CommandPath(store);
  // A succession line reports as its last executor (the successor acts for those before it).
  const successor = new Map(seed.executors.map((e) => [e.executorId, e.liquidation?.successorId]));
  const lineOf = (executorId: string) => {
    let current = executorId;
    while (successor.get(current)) current = successor.get(current)!;
    return current;
  };
  let n = 0;
  const report = (number: string, executorId: string, text: string, place?: string) => {
    const id = `fill-${++n}`;
    return commands.execute(
      {
        type: 'ReportExecution',
        planId: PLAN,
        number,
        reportId: id,
        executorId,
        period: {
          kind: 'day',
          date: `${YEAR}-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`,
        },
        text,
        ...(place !== undefined && { place }),
        actor: SYSTEM,
        at: AT,
      },
      { commandId: id, fingerprint: id, recordedAt: AT },
    );
  };
  let entries = 0;
  let characters = 0;
  const active = seed.executors.filter((e) => !e.liquidation).map((e) => e.executorId);
  for (const named of seed.sections.flatMap((s) => s.measures)) {
    // A measure naming one line is amended to name a second: one line fills only its half.
    let measure = named;
    if (new Set(named.executors.map((e) => lineOf(e.executorId))).size === 1) {
      const own = lineOf(named.executors[0]!.executorId);
      const executors = [...named.executors, { executorId: active.find((id) => lineOf(id) !== own)! }];
      await commands.execute(
        { type: 'AmendMeasure', planId: PLAN, number: named.number, executors, actor: SYSTEM, at: AT },
        { commandId: `amend-${named.number}`, fingerprint: `amend-${named.number}`, recordedAt: AT },
      );
      measure = { ...named, executors };
    }
    const used = await usedOf(store, measure.number);
    const count =
      shape === 'many'
        ? perMeasure - used.entries
        : Math.ceil((MAX_TEXT_PER_MEASURE_YEAR - used.characters) / MAX_TEXT_LENGTH);
    const room = MAX_TEXT_PER_MEASURE_YEAR - used.characters;
    const place = 'г. Смоленск';
    // Each succession line takes at most half of each budget: the room is split between the
    // lines, each line's entries proportional to its characters.
    const lines = [...new Set(measure.executors.map((e) => lineOf(e.executorId)))];
    const ofLine = (by: Readonly<Record<string, number>>, line: string) =>
      Object.entries(by).reduce((sum, [id, value]) => sum + (lineOf(id) === line ? value : 0), 0);
    let roomLeft = room;
    const parts = lines
      .map((line) => {
        const part = {
          executorId: line,
          room: Math.min(roomLeft, MAX_TEXT_PER_EXECUTOR_MEASURE_YEAR - ofLine(used.charactersBy, line)),
          entryRoom: MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR - ofLine(used.entriesBy, line),
          count: 0,
        };
        roomLeft -= part.room;
        return part;
      })
      .filter((part) => part.room > 0);
    let countLeft = count;
    for (const [k, part] of parts.entries()) {
      // Proportional, but within the line's room and leaving the lines after it no more than theirs.
      const after = parts.slice(k + 1).reduce((sum, next) => sum + next.entryRoom, 0);
      const proportional = k === parts.length - 1 ? countLeft : Math.round((count * part.room) / room);
      part.count =
        shape === 'long'
          ? Math.ceil(part.room / MAX_TEXT_LENGTH)
          : Math.max(countLeft - after, Math.min(proportional, part.entryRoom, countLeft));
      countLeft -= part.count;
      if (part.count > part.entryRoom) throw new Error(`measure ${measure.number}: ${part.executorId} has no room`);
    }
    for (const part of parts) {
      // Spread the room over `count` entries, text and place; the first ones take the remainder.
      const each = Math.floor(part.room / part.count);
      const lengths = Array.from({ length: part.count }, (_, i) => each + (i < part.room - each * part.count ? 1 : 0));
      for (let from = 0; from < part.count; from += 32) {
        await Promise.all(
          lengths
            .slice(from, from + 32)
            .map((length, k) => report(measure.number, part.executorId, prose(length - place.length, from + k), place)),
        );
      }
    }
    const executorId = lines[0]!;
    // Full: one entry more is refused (the characters are used up in both shapes).
    const refused = await report(measure.number, executorId, 'Ещё одна запись').catch((error: unknown) => error);
    if (!(refused instanceof AppError && refused.code === 'year_budget_exceeded'))
      throw new Error(`measure ${measure.number}: one entry more was not refused`);
    const full = await usedOf(store, measure.number);
    entries += full.entries;
    characters += full.characters;
  }
  const log: EventEnvelope[] = [];
  for await (const event of iterateAll(store)) log.push(event);
  fs.writeFileSync(file, log.map((event) => JSON.stringify(event)).join('\n'));
  return { entries, characters, events: log.length, logBytes: fs.statSync(file).size };
}

const gc = () => (globalThis as { gc?: () => void }).gc?.();
const rss = () => process.memoryUsage().rss;
const peak = () => process.resourceUsage().maxRSS * 1024;
const heap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

/** In a fresh process: what a publication does with the filled log, and what it takes. */
async function publish(file: string) {
  const log = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => JSON.parse(line) as EventEnvelope);
  const store = MemoryEventStore.fromLog(log);
  gc();
  const base = { rss: rss(), heap: heap(), peak: peak() };
  const steps: { step: string; ms: number; bytes?: number; peakOverBase: number; heapKept: number }[] = [];
  const step = async <T>(name: string, run: () => Promise<T>, bytes?: (value: T) => number) => {
    const start = performance.now();
    const value = await run();
    const ms = performance.now() - start;
    steps.push({
      step: name,
      ms,
      ...(bytes && { bytes: bytes(value) }),
      peakOverBase: peak() - base.rss,
      heapKept: heap() - base.heap,
    });
    return value;
  };
  const replay = await step('replay the log into memory', () => replayViews(store, { position: log.length }));
  const model = await step('build the model', () =>
    buildReportModel(replay.views, { planId: PLAN, year: YEAR, position: replay.position, chainHash: replay.hash }),
  );
  for (const format of REPORT_FORMATS) {
    await step(
      `render ${format}`,
      () => renderReport(model, format),
      (rendered) => rendered.body.byteLength,
    );
  }
  return { base, steps, finalPeak: peak() };
}

async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      shape: { type: 'string' },
      entries: { type: 'string' },
      stage: { type: 'string' },
      file: { type: 'string' },
    },
  });
  if (values.stage === 'publish') {
    process.stdout.write(JSON.stringify(await publish(values.file!)));
    return;
  }
  const shape = values.shape === 'long' ? 'long' : 'many';
  const file = path.join(os.tmpdir(), `budget-report-${process.pid}.ndjson`);
  try {
    const perMeasure = Math.min(Number(values.entries ?? MAX_ENTRIES_PER_MEASURE_YEAR), MAX_ENTRIES_PER_MEASURE_YEAR);
    const filled = await fill(shape, file, perMeasure);
    const out = execFileSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', new URL(import.meta.url).pathname, '--stage', 'publish', '--file', file],
      { encoding: 'utf8', maxBuffer: 16 * MB },
    );
    const result = JSON.parse(out) as Awaited<ReturnType<typeof publish>>;
    const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
    const say = (line: string) => process.stdout.write(`${line}\n`);
    say(
      `The ${YEAR} report of the seed plan, every measure filled to its budget (${shape}): ${filled.entries.toLocaleString('en-US')} entries, ${filled.characters.toLocaleString('en-US')} characters of text and place; the log ${filled.events.toLocaleString('en-US')} events, ${mb(filled.logBytes)} as JSON lines`,
    );
    say(
      `A fresh process holding that log: ${mb(result.base.rss)} RSS, ${mb(result.base.heap)} heap after GC. Then, step by step (peak RSS above that; heap kept after GC):`,
    );
    for (const s of result.steps) {
      say(
        `  ${s.step.padEnd(28)} ${`${s.ms.toFixed(0)} ms`.padStart(8)}  ${s.bytes !== undefined ? mb(s.bytes).padStart(9) : ''.padStart(9)}  peak +${mb(s.peakOverBase)}  heap kept +${mb(s.heapKept)}`,
      );
    }
    say(`Peak RSS of the whole process: ${mb(result.finalPeak)}`);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

runIfMain(import.meta.url, main);
