// npm run audit -- verify | export | report | checkpoint | prove | verify-proof: the
// auditor's tools (docs/AUDIT.md, docs/MERKLE.md).
// `verify --file` and `report` work on an export alone: no AWS, no DynamoDB; `verify`
// and `export` read the local store, or a deployed stack's log with --stack.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  type AuditVerdict,
  checkPublication,
  createProgress,
  describePublicationCheck,
  describeVerdict,
  exportPages,
  loadExport,
  openExportFile,
  renderReportAt,
  resolveExportRange,
  verifyExportLines,
  verifyStore,
} from '../shared/audit';
import type { PublishedCheckpoint } from '../shared/domain/publication/events';
import { REPORT_FORMATS, type ReportFormat } from '../shared/report/model';
import {
  args,
  need,
  runIfMain,
  TARGET_OPTIONS,
  TARGET_USAGE,
  type Target,
  targetOf,
  UsageError,
  yearOf,
} from './lib/cli';

const USAGE = [
  `usage: npm run audit -- verify [--from <n>] [--to <n>] ${TARGET_USAGE}   (the local store, or a stack)`,
  '       npm run audit -- verify --file <export.ndjson>                   (offline)',
  `       npm run audit -- export --out <export.ndjson> [--from <n>] [--to <n>] ${TARGET_USAGE}`,
  '       npm run audit -- report --file <export.ndjson> --plan <planId> --year <year> [--party <party>] [--format json|html|docx|csv]',
  '                        [--out <file>] [--position <n>] [--appendix] [--check-publication <revision> [--artifact <file>]... [--key <verifier key>]]',
  `       npm run audit -- checkpoint [--size <n>] [--out <file>] ${TARGET_USAGE}`,
  `       npm run audit -- prove <position> [--size <n>] [--out <file>] ${TARGET_USAGE}   (inclusion)`,
  `       npm run audit -- prove --from <m> [--size <n>] [--out <file>] ${TARGET_USAGE}  (consistency)`,
  '       npm run audit -- verify-proof checkpoint|inclusion|consistency <files…> [--event <file> | --hash <hex>] [--key <vkey>]',
].join('\n');

const OPTIONS = {
  file: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  out: { type: 'string' },
  plan: { type: 'string' },
  year: { type: 'string' },
  party: { type: 'string' },
  format: { type: 'string', default: 'html' },
  position: { type: 'string' },
  appendix: { type: 'boolean', default: false },
  'check-publication': { type: 'string' },
  artifact: { type: 'string', multiple: true },
  size: { type: 'string' },
  key: { type: 'string' },
  event: { type: 'string' },
  hash: { type: 'string' },
  ...TARGET_OPTIONS,
} as const;
const parse = (argv: string[]) => args(OPTIONS, USAGE, argv);
type Values = ReturnType<typeof parse>['values'];

class AuditFailure extends Error {}

const say = (line: string) => process.stdout.write(`${line}\n`);
const note = (line: string) => process.stderr.write(`${line}\n`);
const progressFor = (label: string, total?: number) =>
  createProgress({
    label,
    write: (text) => process.stderr.write(text),
    tty: Boolean(process.stderr.isTTY),
    ...(total !== undefined ? { total } : {}),
  });

function int(value: string | undefined, flag: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min)
    throw new UsageError(`${flag} must be an integer of at least ${min}, got ${value}\n\n${USAGE}`);
  return n;
}

function exportFile(file: string | undefined) {
  const name = need(file, '--file', USAGE);
  if (!fs.existsSync(name)) throw new UsageError(`no such file: ${name}`);
  return { name, file: openExportFile(name) };
}

function settle(verdict: AuditVerdict, source: string): void {
  say(describeVerdict(verdict, source));
  if (!verdict.ok)
    throw new AuditFailure(`the chain does not verify (${verdict.problem} at position ${verdict.position})`);
  if (verdict.from > 1)
    note(`note: the export starts at position ${verdict.from}; the link of its first event was not checked`);
}

// Loaded only when a store is read: the offline commands need no AWS SDK, no DynamoDB.
async function withSystemOf(target: Target) {
  const { withSystem } = await import('./lib/local-env');
  return <T>(body: Parameters<typeof withSystem<T>>[1]) => withSystem(target, body);
}

async function verify(values: Values) {
  if (values.file !== undefined) {
    const { name, file } = exportFile(values.file);
    const progress = progressFor('verify');
    const verdict = await verifyExportLines(file.lines, {
      onProgress: (n) => progress.update(n, file.fraction()),
      progressEvery: 1000,
    });
    progress.finish();
    return settle(verdict, name);
  }
  const from = int(values.from, '--from', 1);
  const to = int(values.to, '--to');
  let where = 'the local store';
  const verdict = await (await withSystemOf(targetOf(values, USAGE)))(async ({ system, where: opened }) => {
    where = opened;
    const head = await system.store.head();
    const progress = progressFor('verify', (to ?? head.position) - (from ?? 1) + 1);
    const result = await verifyStore(
      system.store,
      { from, to },
      {
        onProgress: (n) => progress.update(n),
        progressEvery: 1000,
        tiles: system.tiles,
        snapshots: system.snapshots,
        views: () => system.views(),
      },
    );
    progress.finish();
    return result;
  });
  settle(verdict, where);
}

async function exportLog(values: Values) {
  const out = need(values.out, '--out', USAGE);
  const wanted = { from: int(values.from, '--from', 1), to: int(values.to, '--to') };
  await (await withSystemOf(targetOf(values, USAGE)))(async ({ system }) => {
    const range = await resolveExportRange(system.store, wanted);
    const progress = progressFor('export', range.to - range.from + 1);
    const last = { count: 0, position: range.from - 1, hash: '' };
    async function* text() {
      for await (const page of exportPages(system.store, range)) {
        yield page.text;
        last.count += page.count;
        last.position = page.lastPosition;
        last.hash = page.lastHash;
        progress.update(last.count);
      }
    }
    await pipeline(Readable.from(text()), fs.createWriteStream(out));
    progress.finish();
    if (last.position !== range.to)
      throw new AuditFailure(`the export stopped at position ${last.position}, not ${range.to}`);
    note(
      `exported ${last.count} events (positions ${range.from}..${range.to}) to ${out}${last.hash ? `; hash at ${range.to}: ${last.hash}` : ''}`,
    );
  });
}

async function report(values: Values) {
  if (values.stack !== undefined)
    throw new UsageError(`report works on an export (--file) only; export the stack's log first\n\n${USAGE}`);
  const planId = need(values.plan, '--plan', USAGE);
  const year = yearOf(need(values.year, '--year', USAGE), USAGE);
  const format = values.format as ReportFormat;
  if (!REPORT_FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}\n\n${USAGE}`);
  const out = values.out;
  const { name, file } = exportFile(values.file);
  const progress = progressFor('verify');
  const { store, verdict } = await loadExport(file.lines, {
    onProgress: (n) => progress.update(n, file.fraction()),
    progressEvery: 1000,
  });
  progress.finish();
  if (!verdict.ok) {
    say(describeVerdict(verdict, name));
    throw new AuditFailure('refusing to build a report from an export that does not verify');
  }
  note(describeVerdict(verdict, name));
  const revision = int(values['check-publication'], '--check-publication', 1);
  let position = int(values.position, '--position');
  let includeAppendix = values.appendix === true;
  let party = values.party ?? null;
  let checkpoint: PublishedCheckpoint | undefined;
  if (revision !== undefined) {
    const artifacts: Partial<Record<ReportFormat, Uint8Array>> = {};
    for (const held of values.artifact ?? []) {
      const ext = path.extname(held).slice(1) as ReportFormat;
      if (!REPORT_FORMATS.includes(ext))
        throw new UsageError(`--artifact ${held}: the extension must name the format (${REPORT_FORMATS.join(', ')})`);
      artifacts[ext] = new Uint8Array(fs.readFileSync(held));
    }
    const check = await checkPublication(store, {
      planId,
      year,
      revision,
      artifacts,
      ...(values.key !== undefined ? { verifierKey: values.key } : {}),
    });
    describePublicationCheck(check).forEach(say);
    if (!check.ok) throw new AuditFailure(`revision ${revision} is not reproduced by ${name}`);
    if (!out) return;
    position = check.position;
    includeAppendix = check.includeAppendix;
    party = check.party;
    // The file written is the published one: its footer prints the carried checkpoint.
    checkpoint = check.carried?.checkpoint;
  }
  if (position !== undefined && position > verdict.to)
    throw new UsageError(`--position ${position} is beyond the export's last position (${verdict.to})`);
  if (format === 'docx' && !out) throw new UsageError(`a DOCX needs --out <file>\n\n${USAGE}`);
  const { model, rendered } = await renderReportAt(store, {
    planId,
    year,
    position,
    includeAppendix,
    party,
    format,
    checkpoint,
  });
  if (!out) return void process.stdout.write(rendered.body);
  fs.writeFileSync(out, rendered.body);
  note(
    `wrote ${out} (${rendered.body.byteLength} bytes) at log position ${model.position}, chain hash ${model.chainHash}`,
  );
}

async function checkpoint(values: Values) {
  const size = int(values.size, '--size');
  const text = await (await withSystemOf(targetOf(values, USAGE)))(async ({ system, stack }) => {
    const proofs = await import('./lib/audit-proofs');
    if (stack) {
      note(`the stack's signing key stays in the stack: GET ${stack.apiUrl}v1/audit/checkpoint answers it signed`);
      return `${await proofs.treeHeadText(system, size)}\n`;
    }
    const { DATA_DIR } = await import('./lib/local-env');
    const signer = await proofs.localSignerOf(system, DATA_DIR);
    note(`verifier key: ${proofs.verifierKeyText(signer)}`);
    return proofs.checkpointOf(system, signer, size);
  });
  emit(text, values.out);
}

async function prove(values: Values, positionals: string[]) {
  const position = int(positionals[1], '<position>', 1);
  const from = int(values.from, '--from');
  if ((position === undefined) === (from === undefined) || positionals.length > 2)
    throw new UsageError(`prove takes a <position> (inclusion) or --from <m> (consistency)\n\n${USAGE}`);
  const size = int(values.size, '--size');
  const proof = await (await withSystemOf(targetOf(values, USAGE)))(async ({ system }) =>
    (await import('./lib/audit-proofs')).proofOf(system, { position, from, size }),
  );
  emit(`${JSON.stringify(proof, null, 2)}\n`, values.out);
}

async function verifyProof(values: Values, positionals: string[]) {
  const [, kind, ...files] = positionals;
  const counts: Record<string, number> = { checkpoint: 1, inclusion: 2, consistency: 3 };
  if (!kind || counts[kind] !== files.length)
    throw new UsageError(
      `verify-proof checkpoint <cp> | inclusion <proof> <cp> | consistency <proof> <old> <new>\n\n${USAGE}`,
    );
  const proofs = await import('./lib/audit-proofs');
  let vkey = values.key;
  if (vkey === undefined) {
    vkey = await (await withSystemOf(targetOf(values, USAGE)))(async ({ system, stack }) => {
      if (stack) throw new UsageError("give the stack's verifier key with --key (GET /v1/audit/public-key)");
      const { DATA_DIR } = await import('./lib/local-env');
      return proofs.verifierKeyText(await proofs.localSignerOf(system, DATA_DIR));
    });
  }
  const extra = values.event ? ['--event', values.event] : values.hash ? ['--hash', values.hash] : [];
  if (kind === 'inclusion' && extra.length === 0)
    throw new UsageError(`inclusion needs --event <file> or --hash <hex>`);
  const code = proofs.runVerifier(kind, files, vkey, extra);
  if (code !== 0) throw new AuditFailure(`the ${kind} does not verify`);
}

function emit(text: string, out: string | undefined) {
  if (!out) return void process.stdout.write(text);
  fs.writeFileSync(out, text);
  note(`wrote ${out}`);
}

export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv);
  const command = positionals[0];
  if (command === 'checkpoint' && positionals.length === 1) return checkpoint(values);
  if (command === 'prove') return prove(values, positionals);
  if (command === 'verify-proof') return verifyProof(values, positionals);
  const commands = { verify, export: exportLog, report } as const;
  if (positionals.length !== 1 || !command || !Object.hasOwn(commands, command)) throw new UsageError(USAGE);
  if (command === 'verify' && values.file !== undefined && values.stack !== undefined)
    throw new UsageError(`verify reads either a file or a stack, not both\n\n${USAGE}`);
  await commands[command as keyof typeof commands](values);
}

runIfMain(import.meta.url, main);
