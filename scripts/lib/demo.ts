// The demo data `npm start` loads into an empty store: the seed (the Smolensk region's
// 2023 report, an import document, texts verbatim), then an illustrative Saint
// Petersburg part that is NOT from the seed (shared/demo/spb-2023-illustrative.json):
// three committees assigned to measures of the seed's sections, with a few 2023
// entries, so the party reports and the joint report have something to show. Both are
// applied as ordinary commands with content-derived ids: loading again changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { type ImportReport, type RunImportOptions, runImport, runSteps } from '../../shared/commands/run-import';
import { type CommandEnvelope, commandStreamId, type DomainCommand, parseOrThrow } from '../../shared/domain';
import { executorFields } from '../../shared/domain/executor/commands';
import { IdSchema, MeasureNumberSchema, textSchema } from '../../shared/domain/fields';
import { MAX_REASON_LENGTH } from '../../shared/domain/limits';
import { reportFields } from '../../shared/domain/measure/commands';
import type { ImportStep } from '../../shared/import';
import { canonicalJson, sha256Hex } from '../../shared/store/canonical';
import type { EventStore } from '../../shared/store/event-store';

const DEMO_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../shared/demo');
export const SEED_PATH = path.join(DEMO_DIR, 'seed-2023.json');
export const ILLUSTRATIVE_PATH = path.join(DEMO_DIR, 'spb-2023-illustrative.json');
export const ILLUSTRATIVE_FORMAT = 'roadmap-ledger/demo-extension@1';

const IllustrativeSchema = z.strictObject({
  format: z.literal(ILLUSTRATIVE_FORMAT),
  /** What the data is and is not; the file says it is made up, in Russian and English. */
  illustrative: z.string().min(1),
  planId: IdSchema,
  executors: z.array(z.strictObject({ executorId: IdSchema, ...executorFields })),
  /** A measure's executors after the amendment: every one it had, and the new ones. */
  assignments: z.array(
    z.strictObject({
      number: MeasureNumberSchema,
      executors: z.array(IdSchema).min(1),
      reason: textSchema(MAX_REASON_LENGTH),
    }),
  ),
  reports: z.array(z.strictObject({ number: MeasureNumberSchema, ...reportFields })),
});
export type IllustrativePart = z.infer<typeof IllustrativeSchema>;

const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));

export const loadSeed = (): unknown => readJson(SEED_PATH);
export const loadIllustrative = (): IllustrativePart =>
  parseOrThrow(IllustrativeSchema, readJson(ILLUSTRATIVE_PATH), 'illustrative demo data');

/** The commands of the illustrative part: register the committees, amend the measures, report. */
export function illustrativeSteps(part: IllustrativePart, envelope: CommandEnvelope): ImportStep[] {
  const planId = part.planId;
  const labelled: [string, DomainCommand][] = [
    ...part.executors.map((executor): [string, DomainCommand] => [
      `executor ${executor.executorId}`,
      { type: 'RegisterExecutor', ...executor, ...envelope },
    ]),
    ...part.assignments.map(({ number, executors, reason }): [string, DomainCommand] => [
      `measure ${number} executors`,
      {
        type: 'AmendMeasure',
        planId,
        number,
        executors: executors.map((executorId) => ({ executorId })),
        reason,
        ...envelope,
      },
    ]),
    ...part.reports.map((report): [string, DomainCommand] => [
      `report ${report.number}/${report.reportId}`,
      { type: 'ReportExecution', planId, ...report, ...envelope },
    ]),
  ];
  return labelled.map(([label, command]) => {
    const { actor: _actor, at: _at, ...body } = command;
    const streamId = commandStreamId(command);
    return { label, command, streamId, commandId: `demo:${sha256Hex(canonicalJson({ streamId, command: body }))}` };
  });
}

export interface DemoReport {
  seed: ImportReport;
  illustrative: ImportReport;
}

/** Loads the seed, then the illustrative Saint Petersburg part, into a store. */
export async function loadDemo(store: EventStore, options: RunImportOptions): Promise<DemoReport> {
  const steps = illustrativeSteps(loadIllustrative(), { actor: options.actor, at: options.at });
  const { onProgress, ...rest } = options;
  // Progress counts both parts as one run.
  const seed = await runImport(store, loadSeed(), {
    ...rest,
    onProgress: (done, total, label, outcome) => onProgress?.(done, total + steps.length, label, outcome),
  });
  const illustrative = await runSteps(store, steps, {
    ...rest,
    onProgress: (done, total, label, outcome) => onProgress?.(seed.steps + done, seed.steps + total, label, outcome),
  });
  return { seed, illustrative };
}
