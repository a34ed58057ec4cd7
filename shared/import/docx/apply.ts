// Imports a Word report: read it, match it against the directory, and either show the
// import document and what it would change (dry run), or apply it with runImport, the
// same command path as every write. Steps refused only because their target exists
// already (an executor, the plan, a section or a measure the file names) count as
// unchanged: the file agrees with what is there.
import type { ImportProgress, ImportRefusal } from '../../commands/run-import';
import { runImport } from '../../commands/run-import';
import type { Actor } from '../../domain/actor';
import { IdSchema } from '../../domain/fields';
import { ValidationError } from '../../errors';
import type { EventStore } from '../../store/event-store';
import { type ImportDocument, parseImportDocument } from '../document';
import { planImport } from '../plan-import';
import { readBody } from './body';
import type { Directory } from './directory';
import { type Finding, Findings } from './findings';
import { buildImportDocument, type DocxChanges, type DocxImportPlan } from './import-document';
import { openDocx } from './package';
import { readReport } from './report-structure';
import { nameKey } from './text';

export interface ReadDocxOptions {
  planId?: string;
  /** `name=executorId` pairs, as given on the command line or in the form. */
  map?: readonly string[];
}

export interface DocxReading {
  plan: DocxImportPlan;
  findings: Finding[];
}

/** `name=executorId` pairs as a map from the name's key; refuses malformed pairs and unknown ids. */
export function parseMap(pairs: readonly string[], directory: Directory): Map<string, string> {
  const known = new Set(directory.executors.map((executor) => executor.executorId));
  const issues: Array<{ path: string; message: string }> = [];
  const map = new Map<string, string>();
  pairs.forEach((pair, index) => {
    const at = pair.lastIndexOf('=');
    const name = at > 0 ? pair.slice(0, at).trim() : '';
    const executorId = at > 0 ? pair.slice(at + 1).trim() : '';
    if (!name || !IdSchema.safeParse(executorId).success) {
      issues.push({ path: `map[${index}]`, message: 'must read "<name as printed>=<executorId>"' });
    } else if (!known.has(executorId)) {
      issues.push({ path: `map[${index}]`, message: `there is no executor ${executorId} in the directory` });
    } else map.set(nameKey(name), executorId);
  });
  if (issues.length > 0) throw new ValidationError('The executor map is invalid.', issues);
  return map;
}

/** The file read and matched: the import document it amounts to, what it would change, and the findings. */
export function readDocx(bytes: Uint8Array, directory: Directory, options: ReadDocxOptions = {}): DocxReading {
  if (options.planId !== undefined && !IdSchema.safeParse(options.planId).success) {
    throw new ValidationError('The plan id is invalid.', [
      { path: 'plan', message: 'must be a plan id like spb-smolensk-2021-2023' },
    ]);
  }
  const findings = new Findings();
  const map = parseMap(options.map ?? [], directory);
  const report = readReport(readBody(openDocx(bytes).documentElement!, findings), findings);
  const plan = buildImportDocument(
    report,
    directory,
    { ...(options.planId ? { planId: options.planId } : {}), map },
    findings,
  );
  for (const [key, executorId] of map) {
    if (!plan.document.executors.some((executor) => executor.executorId === executorId)) {
      findings.add(
        'note',
        'map_unused',
        { document: true },
        `--map for «${key}» (${executorId}) matched no name in the file.`,
      );
    }
  }
  // Anything the limits refuse was reported above; this only guards the format itself.
  parseImportDocument(plan.document);
  return { plan, findings: findings.all() };
}

export interface DocxApplyResult {
  steps: number;
  applied: number;
  /** Steps that found their result already there: duplicates of earlier imports, and targets that exist. */
  unchanged: number;
  refused: ImportRefusal[];
  lastPosition: number | null;
}

export interface DocxImportResult {
  dryRun: boolean;
  planId: string;
  year: number;
  findings: Finding[];
  changes: DocxChanges;
  /** The import document (on a dry run). */
  document?: ImportDocument;
  /** What applying did (not on a dry run). */
  result?: DocxApplyResult;
}

export interface ImportDocxOptions extends ReadDocxOptions {
  dryRun?: boolean;
  actor: Actor;
  at: string;
  correlationId?: string;
  /** The API key the upload came with: every step's commit checks it still holds. */
  credential?: { keyId: string };
  onProgress?: ImportProgress;
}

function presentKey(step: ReturnType<typeof planImport>[number]): string | null {
  const command = step.command;
  switch (command.type) {
    case 'RegisterExecutor':
      return `executor:${command.executorId}`;
    case 'CreatePlan':
      return `plan:${command.planId}`;
    case 'AddSection':
      return `section:${command.number}`;
    case 'AddMeasure':
      return `measure:${command.number}`;
    default:
      return null;
  }
}

const EXISTS = new Set(['executor_exists', 'plan_exists', 'section_exists', 'measure_exists']);

export async function importDocx(
  store: EventStore,
  directory: Directory,
  bytes: Uint8Array,
  options: ImportDocxOptions,
): Promise<DocxImportResult> {
  const { plan, findings } = readDocx(bytes, directory, options);
  const summary = { planId: plan.document.plan.planId, year: plan.year, findings, changes: plan.changes };
  if (options.dryRun) return { dryRun: true, ...summary, document: plan.document };
  const report = await runImport(store, plan.document, {
    actor: options.actor,
    at: options.at,
    ...(options.correlationId ? { correlationId: options.correlationId } : {}),
    ...(options.credential ? { credential: options.credential } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const steps = planImport(plan.document, { actor: options.actor, at: options.at });
  const refused = report.refused.filter((refusal) => {
    const key = EXISTS.has(refusal.code) ? presentKey(steps[refusal.step - 1]!) : null;
    return !(key && plan.present.has(key));
  });
  const result: DocxApplyResult = {
    steps: report.steps,
    applied: report.applied,
    unchanged: report.unchanged + report.refused.length - refused.length,
    refused,
    lastPosition: report.lastPosition,
  };
  return { dryRun: false, ...summary, result };
}
