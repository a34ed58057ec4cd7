// Who a report names in a measure's executor cell: the executors the plan names now, and
// every executor that reported an entry the report shows though the plan no longer names
// it (responsibility handed to another later). A report of a year names who did the work
// that year, whatever the plan says since; the removal itself stays a fact of the plan.
import type { ViewReader } from '../projections/view-store';
import type { ExecutorDoc, ExecutorNameDoc } from '../views/documents';
import { executorNames, getExecutors } from '../views/queries';

/** An executor as a report needs it: its document and, when it was renamed, its names in date order. */
export interface Known {
  doc: ExecutorDoc;
  names: ExecutorNameDoc[];
}

/**
 * The executors `ids` and their successors, transitively, with the names of those renamed:
 * a successor's entries are its predecessor's part, and a footnote names the successor.
 */
export async function loadDirectory(views: ViewReader, ids: Iterable<string>): Promise<Map<string, Known>> {
  const docs = new Map<string, ExecutorDoc>();
  const asked = new Set<string>();
  for (let wanted = [...new Set(ids)]; wanted.length > 0; ) {
    for (const id of wanted) asked.add(id);
    for (const [id, doc] of await getExecutors(views, wanted)) docs.set(id, doc);
    wanted = [
      ...new Set(
        [...docs.values()].flatMap((d) => {
          const next = d.liquidation?.successorId;
          return next && !asked.has(next) ? [next] : [];
        }),
      ),
    ];
  }
  const directory = new Map<string, Known>();
  for (const [id, doc] of docs) {
    directory.set(id, { doc, names: doc.renames > 0 ? inDateOrder(await executorNames(views, id)) : [] });
  }
  return directory;
}

/**
 * The registered name first, then the renames by effective date; renames of one date keep
 * the order recorded. Logs written before renames had to come in date order may hold them
 * out of order: a footnote still lists them as they took effect.
 */
export function inDateOrder(names: ExecutorNameDoc[]): ExecutorNameDoc[] {
  return names
    .map((name, index) => ({ name, index }))
    .sort((a, b) => dateRank(a.name, b.name) || a.index - b.index)
    .map((x) => x.name);
}

function dateRank(a: ExecutorNameDoc, b: ExecutorNameDoc): number {
  if (a.effectiveDate === b.effectiveDate) return 0;
  if (a.effectiveDate === null) return -1;
  if (b.effectiveDate === null) return 1;
  return a.effectiveDate < b.effectiveDate ? -1 : 1;
}

/** The executors named and everyone they pass their work to (successors, transitively). */
function coveredBy(named: readonly string[], directory: ReadonlyMap<string, Known>): Set<string> {
  const covered = new Set<string>();
  for (const id of named) {
    for (let current: string | null = id; current !== null && !covered.has(current); ) {
      covered.add(current);
      current = directory.get(current)?.doc.liquidation?.successorId ?? null;
    }
  }
  return covered;
}

/**
 * The reporters of a measure's shown entries that the plan's executors do not cover (neither
 * named nor a successor of one named), each once, in the order of their first entry.
 */
export function unnamedReporters(
  named: readonly string[],
  reporters: readonly string[],
  directory: ReadonlyMap<string, Known>,
): string[] {
  const covered = coveredBy(named, directory);
  return [...new Set(reporters)].filter((id) => !covered.has(id));
}

/**
 * The name a report gives an executor the plan no longer names: the one it was registered
 * with, in its short form when it has one (as a plan names executors, and as the footnotes
 * do), which its footnote's renames then follow.
 */
export function registeredName(known: Known | undefined, executorId: string): string {
  if (!known) return executorId;
  const first = known.names[0];
  return first ? (first.shortName ?? first.name) : (known.doc.shortName ?? known.doc.fullName);
}
