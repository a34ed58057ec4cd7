// What verify checks of the live views, which every reader trusts (pages, live reports, the
// API's reads): the documents of the active generation at its checkpoint c must be exactly a
// replay of the log to c with the very projection that wrote them (ledgerProjection).
//
// The projector keeps writing meanwhile. The checkpoint is read before and after the scan of
// the documents; only a scan between two equal readings (same generation, position and hash)
// is judged, else it is tried again from the new checkpoint (the replay goes on from where it
// was) and after a few tries reported as moving, never as altered. Between two equal readings
// no commit moved the checkpoint, so the only writes the scan can have seen are the leading
// parts of event c+1 when it is too large for one commit (written while the checkpoint stays
// at c, UnitOfWork.split): a document that differs from the replay at c but is exactly what
// those parts write is counted in `partsInFlight`, not reported. A projector that crashed
// between two parts leaves them so until its next wake; they are the same documents.
import { MemoryViewStore } from '../projections/memory-view-store';
import { type CatchUpResult, catchUp } from '../projections/projector';
import { UnitOfWork } from '../projections/unit-of-work';
import type { Checkpoint, ScannableViews, ViewDoc } from '../projections/view-store';
import { canonicalJson } from '../store/canonical';
import type { EventStore } from '../store/event-store';
import { ledgerProjection } from '../views/ledger-projection';

export type ViewsProblemKind = 'view_altered' | 'view_missing' | 'view_extra' | 'checkpoint_wrong';

export interface ViewsProblem {
  kind: ViewsProblemKind;
  /** The document's partition and sort key (without the generation prefix). */
  pk: string;
  sk: string;
  detail: string;
}

export interface ViewsReport {
  /** True when every document equals the replay; false when one differs or the views would not hold still. */
  ok: boolean;
  /** False when nothing was judged (`problems` is empty): see `unsettled`. */
  settled: boolean;
  /** Why not: the checkpoint moved during every try, or the time given ran out first. */
  unsettled?: 'moving' | 'time';
  /** The checkpoint the views were compared at (the last one read when not settled). */
  position: number;
  generation: number;
  /** Documents read in the judged scan. */
  documents: number;
  /** Scans made (each between two readings of the checkpoint). */
  attempts: number;
  /** Documents found as the leading parts of event position+1, written ahead of its checkpoint. */
  partsInFlight: number;
  /** Every difference found, up to 100 (`problemCount` says how many there were). */
  problems: ViewsProblem[];
  problemCount: number;
}

export interface VerifyViewsOptions {
  /** Scans to try before reporting the views as moving (default 4). */
  attempts?: number;
  /** Pause before the next try, times the try's number (ms, default 250). */
  pauseMs?: number;
  /** Give up, comparing nothing, once the clock passes this (ms since the epoch): the API's time limit. */
  deadline?: number;
  now?: () => number;
}

/** Positions replayed between two looks at the clock; documents compared between two. */
const REPLAY_SLICE = 1000;
const SCAN_SLICE = 1000;

class OutOfTime extends Error {}

const MAX_LISTED = 100;
const keyOf = (pk: string, sk: string) => `${pk}\u0000${sk}`;
const same = (a: Checkpoint, b: Checkpoint) => a.position === b.position && a.hash === b.hash;

export async function verifyViews(
  store: Pick<EventStore, 'readAll'>,
  open: () => Promise<ScannableViews>,
  options: VerifyViewsOptions = {},
): Promise<ViewsReport> {
  const attempts = options.attempts ?? 4;
  const now = options.now ?? Date.now;
  const checkTime = () => {
    if (options.deadline !== undefined && now() > options.deadline) throw new OutOfTime();
  };
  let expected = new MemoryViewStore();
  let last = { position: 0, generation: 0 };
  const unsettled = (reason: 'moving' | 'time', tries: number): ViewsReport => ({
    ok: false,
    settled: false,
    unsettled: reason,
    ...last,
    documents: 0,
    attempts: tries,
    partsInFlight: 0,
    problems: [],
    problemCount: 0,
  });
  let attempt = 0;
  try {
    for (attempt = 1; attempt <= attempts; attempt++) {
      const judged = await tryOnce();
      if (judged) return judged;
    }
  } catch (error) {
    if (error instanceof OutOfTime) return unsettled('time', attempt);
    throw error;
  }
  return unsettled('moving', attempts);

  /** One read between two readings of the checkpoint: a report, or null when the checkpoint moved. */
  async function tryOnce(): Promise<ViewsReport | null> {
    if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, (options.pauseMs ?? 250) * (attempt - 1)));
    const views = await open();
    const before = await views.checkpoint();
    last = { position: before.position, generation: views.generation };
    // A rebuild switched to a generation behind the replay: replay again from the start.
    if ((await expected.checkpoint()).position > before.position) expected = new MemoryViewStore();
    // In slices, to look at the clock between them.
    let replayed: CatchUpResult | null = null;
    for (let from = (await expected.checkpoint()).position; from < before.position; ) {
      checkTime();
      const toPosition = Math.min(before.position, from + REPLAY_SLICE);
      replayed = await catchUp(store, expected, ledgerProjection, { toPosition });
      // Failed, or the log ends before the checkpoint.
      if (replayed.status === 'failed' || replayed.checkpoint.position < toPosition) break;
      from = toPosition;
    }
    const at = await expected.checkpoint();
    const judged = (report: Omit<ViewsReport, 'settled' | 'position' | 'generation' | 'attempts'>) => ({
      ...report,
      settled: true,
      position: before.position,
      generation: views.generation,
      attempts: attempt,
    });
    if (replayed?.status === 'failed' || !same(at, before)) {
      const detail =
        replayed?.status === 'failed'
          ? `the log cannot be replayed to it (event ${replayed.failedAt}: ${replayed.error.message})`
          : at.position !== before.position
            ? `the log ends at ${at.position}`
            : `the log's hash there is ${at.hash}`;
      const problem: ViewsProblem = {
        kind: 'checkpoint_wrong',
        pk: '_checkpoint',
        sk: 'projector',
        detail: `the views say they reflect position ${before.position} with hash ${before.hash}; ${detail}`,
      };
      return judged({ ok: false, documents: 0, partsInFlight: 0, problems: [problem], problemCount: 1 });
    }
    checkTime();
    const inFlight = await leadingParts(store, expected, before.position);
    const compared = await compare(expected, views, inFlight, checkTime);
    const after = await views.checkpoint();
    const active = await open();
    if (same(before, after) && active.generation === views.generation)
      return judged({ ok: compared.problemCount === 0, ...compared });
    return null;
  }
}

/**
 * What the leading parts of event c+1 write (key → canonical JSON, null for a deletion), when
 * that event is too large for one commit; nothing otherwise (a commit moves the checkpoint
 * with its documents, so a scan between two equal readings cannot see it).
 */
async function leadingParts(
  store: Pick<EventStore, 'readAll'>,
  expected: MemoryViewStore,
  position: number,
): Promise<Map<string, string | null>> {
  const parts = new Map<string, string | null>();
  const next = (await store.readAll({ fromPosition: position + 1, toPosition: position + 1, limit: 1 })).events[0];
  if (!next) return parts;
  const uow = new UnitOfWork(expected);
  try {
    await ledgerProjection.apply(next, uow);
    if (!uow.over) return parts;
    for (const change of uow.split().parts.flat())
      parts.set(keyOf(change.pk, change.sk), change.doc === null ? null : canonicalJson(change.doc));
  } catch {
    // The projector fails on it too and writes none of it.
  }
  return parts;
}

/** Compares every stored document with the replay, as they stream in; the replay's left over are missing. */
async function compare(
  expected: MemoryViewStore,
  views: ScannableViews,
  inFlight: Map<string, string | null>,
  checkTime: () => void,
) {
  const wanted = expected.snapshot();
  const problems: ViewsProblem[] = [];
  let problemCount = 0;
  let documents = 0;
  let partsInFlight = 0;
  const report = (kind: ViewsProblemKind, pk: string, sk: string, detail: string) => {
    problemCount++;
    if (problems.length < MAX_LISTED) problems.push({ kind, pk, sk, detail });
  };
  for await (const stored of views.documents()) {
    if (++documents % SCAN_SLICE === 0) checkTime();
    const partition = wanted[stored.pk];
    const doc = partition?.[stored.sk];
    if (partition && doc !== undefined) delete partition[stored.sk];
    const parsed = parse(stored.text);
    const text = parsed === null ? null : canonicalJson(parsed);
    if (doc !== undefined && text === canonicalJson(doc)) continue;
    const part = inFlight.get(keyOf(stored.pk, stored.sk));
    if (part !== undefined && part === text) {
      partsInFlight++;
      continue;
    }
    if (doc === undefined) report('view_extra', stored.pk, stored.sk, 'a document the log does not give');
    else report('view_altered', stored.pk, stored.sk, differences(doc, parsed));
  }
  for (const [pk, partition] of Object.entries(wanted))
    for (const sk of Object.keys(partition)) {
      if (inFlight.get(keyOf(pk, sk)) === null) partsInFlight++;
      else report('view_missing', pk, sk, 'a document the log gives is not in the views');
    }
  return { documents, partsInFlight, problems, problemCount };
}

function parse(text: string | null): ViewDoc | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as ViewDoc) : null;
  } catch {
    return null;
  }
}

/** Which fields differ, to say what was changed (never the values: they may be long). */
function differences(wanted: ViewDoc, stored: ViewDoc | null): string {
  if (stored === null) return 'the stored item holds no readable document';
  const fields = [...new Set([...Object.keys(wanted), ...Object.keys(stored)])]
    .filter((field) => canonicalJson(wanted[field] ?? null) !== canonicalJson(stored[field] ?? null))
    .sort();
  return `differs from the replay of the log in ${fields.join(', ')}`;
}
