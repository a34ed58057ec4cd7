// Verification for auditors: the chain over the live store (gapless up to the range's
// end, and the head item agreeing with the last event), or over an export's lines.
import { ValidationError } from '../errors';
import { parseCheckpointText } from '../merkle/checkpoint';
import { hashToHex } from '../merkle/hash';
import { MerkleLog } from '../merkle/merkle-log';
import { parseNote } from '../merkle/signed-note';
import type { TileStore } from '../merkle/tile-store';
import { TileCheck, type TileVerdict } from '../merkle/verify-tiles';
import type { ScannableViews } from '../projections/view-store';
import type { SnapshotStore } from '../snapshots/snapshot-store';
import { type SnapshotReport, verifySnapshots } from '../snapshots/verify-snapshots';
import { GENESIS_HASH } from '../store/canonical';
import { type EventEnvelope, type EventStore, iterateAll } from '../store/event-store';
import { MemoryEventStore } from '../store/memory-event-store';
import { type ChainVerdict, recomputeHash, verifyChain } from '../store/verify-chain';
import { ExportLineError, parseExportLine } from './export-format';
import { resolveExportRange } from './export-stream';
import { checkIntegrity, type IntegrityReport } from './integrity';
import { type ViewsReport, verifyViews } from './verify-views';

/** What a verification of a store checked: the chain always; the rest only when it covers the whole log. */
export type VerifyCheck = 'chain' | 'integrity' | 'tree' | 'snapshots' | 'views';

export type AuditVerdict = (
  | ChainVerdict
  /** A line of an export is not an event envelope; `position` is the one expected there. */
  | { ok: false; position: number; problem: 'unreadable'; detail: string; count: number }
  /** The chain holds, but what the command side trusts beside it disagrees with it (see `integrity`). */
  | { ok: false; position: number; problem: 'integrity'; detail: string; count: number; headHash: string }
  /** The log holds, but the stored Merkle tree disagrees with it (see `tree`: the place named). */
  | { ok: false; position: number; problem: 'tree'; detail: string; count: number; headHash: string }
  /** The log holds, but a stored snapshot of the views is not what the log replays to (see `snapshots`). */
  | { ok: false; position: number; problem: 'snapshot'; detail: string; count: number; headHash: string }
  /**
   * The time given ran out: positions `from`..`to` were checked and hold (`headHash` is the
   * hash at `to`). Verify again from `position` (= to + 1) with `after` = `headHash`. When
   * `to` is the head, the whole chain was read and only the checks beside it (see `checks`)
   * were not all made: `position` is then past the head, and they need a whole verification.
   */
  | {
      ok: false;
      position: number;
      problem: 'unfinished';
      detail: string;
      count: number;
      from: number;
      to: number;
      headHash: string;
    }
  /** The range asked for holds no event (`from` is past `to`): nothing was checked, which is not "it holds". */
  | { ok: false; position: number; problem: 'nothing_checked'; detail: string; count: 0; from: number; to: number }
  /** The log holds, but the live views are not what it replays to, or would not hold still to be compared (see `views`). */
  | {
      ok: false;
      position: number;
      problem: 'views' | 'views_moving' | 'views_unchecked';
      detail: string;
      count: number;
      headHash: string;
    }
) & {
  /**
   * The checks made (a verification of a store; an export has only its chain). `chain` alone
   * when the range is not the whole log: the index, tree, snapshots and views were not checked.
   */
  checks?: VerifyCheck[];
  /** The stream index, tips, head and guards checked against the log (whole-log verifications of a store). */
  integrity?: IntegrityReport;
  /** The Merkle tree rebuilt from the log and compared with its tiles (whole-log verifications, tiles given). */
  tree?: TreeReport;
  /** Every stored snapshot of the views written again from one replay and compared (whole-log verifications, snapshots given). */
  snapshots?: SnapshotReport;
  /** The live views compared with a replay of the log to their checkpoint (whole-log verifications, views given). */
  views?: ViewsReport;
};

/** A verification of a store says which checks it made. */
export type StoreVerdict = AuditVerdict & { checks: VerifyCheck[] };

export type TreeReport =
  | {
      ok: true;
      size: number;
      rootHash: string;
      tilesChecked: number;
      treeHeadsChecked: number;
      /** CheckpointRecorded events whose root equals the log's at their size. */
      checkpointsChecked: number;
    }
  | Extract<TileVerdict, { ok: false }>
  | { ok: false; place: string; problem: 'checkpoint_mismatch'; detail: string; position: number };

/** A CheckpointRecorded seen in the log: checked against the rebuilt tree at the end. */
interface SeenCheckpoint {
  position: number;
  size: number;
  rootHash: unknown;
  checkpoint: unknown;
  origin: unknown;
}

export interface AuditVerifyOptions {
  onProgress?: (checked: number, position: number) => void;
  progressEvery?: number;
  /** Where the Merkle tree is stored: rebuilt from the log and compared when the whole log is verified. */
  tiles?: TileStore;
  /** Where the snapshots of the views are stored: each compared with the replay when the whole log is verified. */
  snapshots?: Pick<SnapshotStore, 'entries' | 'getBlob'>;
  /** The live views (the active generation, opened again on each call): compared with a replay when the whole log is verified. */
  views?: () => Promise<ScannableViews>;
  /** When the comparison of the views must give up (ms since the epoch): an API's time limit. */
  viewsDeadline?: number;
  /**
   * When the chain must stop where it got to (ms since the epoch): an API's time limit. The
   * verdict is then `unfinished`, naming the range checked and where to go on from. The checks
   * beside the chain start only before it.
   */
  deadline?: number;
  /**
   * When the scan of the index and guards, and the snapshots' replay, must give up (ms since
   * the epoch; default `deadline`): the verdict is then `unfinished`, saying which were not checked.
   */
  sideDeadline?: number;
  now?: () => number;
}

/** The range to verify; `after` is the hash a verification of the positions before `from` ended on. */
export interface VerifyRange {
  from?: number | undefined;
  to?: number | undefined;
  /** The hash at `from - 1` the verification this one goes on from found: compared with the log's. */
  after?: string | undefined;
}

/** Positions checked between two looks at the clock (items of the index scan, too). */
const CLOCK_EVERY = 500;

export async function verifyStore(
  store: Pick<EventStore, 'readAll' | 'head' | 'trustedItems'>,
  wanted: VerifyRange,
  options: AuditVerifyOptions = {},
): Promise<StoreVerdict> {
  const { tiles: tileStore, snapshots, views, viewsDeadline, deadline, sideDeadline, now, ...chainOptions } = options;
  // The tree's head is read before the log's: the tree never passes the views, nor they
  // the log, so the log read afterwards reaches at least as far as the tree.
  // From 1, the range may be the whole log: `to` left out, or given as the head. The tree is
  // then checked as for the whole log, or that same log asked for as 1..head held without it.
  const fromStart = (wanted.from ?? 1) === 1;
  const treeCheck = fromStart && tileStore ? await TileCheck.start(tileStore) : null;
  const head = await store.head();
  const { from, to } = await resolveExportRange({ head: async () => head }, wanted);
  const tiles = treeCheck && to === head.position ? treeCheck : null;
  if (wanted.after !== undefined && from === 1) {
    throw new ValidationError('after names the hash at position from - 1: give from (at least 2) with it.', [
      { path: 'after', message: 'only with from of at least 2' },
    ]);
  }
  // An empty range is not a log that holds; only an empty log, verified whole, is.
  if (from > to && (from > 1 || to < head.position)) {
    const detail = `positions ${from}..${to} hold no event (the log ends at ${head.position}): nothing was checked`;
    return { ok: false, position: from, problem: 'nothing_checked', detail, count: 0, from, to, checks: [] };
  }
  let prevHash = GENESIS_HASH;
  if (from > 1) {
    const before = (await store.readAll({ fromPosition: from - 1, toPosition: from - 1, limit: 1 })).events[0];
    if (!before)
      return {
        ok: false,
        position: from - 1,
        problem: 'gap',
        detail: `position ${from - 1} is missing`,
        count: 0,
        checks: ['chain'],
      };
    if (wanted.after !== undefined) {
      const broken = continuationBroken(before, wanted.after);
      if (broken) return { ...broken, checks: ['chain'] };
    }
    prevHash = before.hash;
  }
  const clock = now ?? Date.now;
  const cut = { happened: false };
  const all = iterateAll(store, { fromPosition: from, toPosition: to, pageSize: 1000 });
  const events = deadline === undefined ? all : until(all, deadline, clock, cut);
  const checkpoints: SeenCheckpoint[] = [];
  const verdict = await verifyChain(tiles ? feeding(events, tiles, checkpoints) : events, {
    from,
    prevHash,
    ...chainOptions,
  });
  if (!verdict.ok) return { ...verdict, checks: ['chain'] };
  if (cut.happened) {
    const next = verdict.to + 1;
    return {
      ok: false,
      position: next,
      problem: 'unfinished',
      detail: `positions ${from}..${verdict.to} hold; the time this verification has ran out before ${to}: verify again from ${next} with after=${verdict.headHash} (or without a limit: \`npm run audit -- verify\`)`,
      count: verdict.count,
      from,
      to: verdict.to,
      headHash: verdict.headHash,
      checks: ['chain'],
    };
  }
  if (verdict.to < to) {
    const detail = `position ${verdict.to + 1} is missing (the log should reach ${to})`;
    return { ok: false, position: verdict.to + 1, problem: 'gap', detail, count: verdict.count, checks: ['chain'] };
  }
  if (to === head.position && verdict.headHash !== head.hash) {
    const detail = `the head item records hash ${head.hash} at position ${head.position}; the last event's hash is ${verdict.headHash}`;
    return { ok: false, position: to, problem: 'head_mismatch', detail, count: verdict.count, checks: ['chain'] };
  }
  // What the command side reads beside the log is checked when the whole log is.
  if (from !== 1 || to !== head.position) return { ...verdict, checks: ['chain'] };
  // The whole chain holds; what is checked beside it starts only while there is time, and
  // the index scan and the snapshots give up at `sideDeadline`.
  const late = (limit: number | undefined) => limit !== undefined && clock() > limit;
  const sideLimit = sideDeadline ?? deadline;
  const unchecked = (what: string, done: { checks: VerifyCheck[] } & Partial<AuditVerdict>): StoreVerdict => ({
    ...done,
    ok: false,
    position: verdict.to + 1,
    problem: 'unfinished',
    detail: `positions ${from}..${verdict.to} hold (the whole log); the time this verification has ran out before ${what} could be checked: \`npm run audit -- verify\` has no limit`,
    count: verdict.count,
    from,
    to: verdict.to,
    headHash: verdict.headHash,
  });
  const INDEX = 'the index, tips, head and guards';
  if (late(deadline)) return unchecked(INDEX, { checks: ['chain'] });
  const scan = { happened: false };
  const items = sideLimit === undefined ? store.trustedItems() : until(store.trustedItems(), sideLimit, clock, scan);
  const integrity = await checkIntegrity(items);
  if (scan.happened) return unchecked(INDEX, { checks: ['chain'] });
  if (!integrity.ok) {
    const first = integrity.problems[0]!;
    return {
      ok: false,
      position: first.position ?? 0,
      problem: 'integrity',
      detail: `${integrity.problemCount} problem(s); first: ${first.kind}${first.streamId ? ` (${first.streamId})` : ''}: ${first.detail}`,
      count: verdict.count,
      headHash: verdict.headHash,
      checks: ['chain', 'integrity'],
      integrity,
    };
  }
  const checked =
    tiles && tileStore
      ? withTree(verdict, integrity, await tiles.finish(), await checkRecorded(tileStore, checkpoints))
      : { ...verdict, checks: ['chain', 'integrity'] as VerifyCheck[], integrity };
  if (!checked.ok) return checked;
  const done = () => ({
    checks: [...checked.checks],
    integrity,
    ...(checked.tree ? { tree: checked.tree } : {}),
  });
  const SIDE = 'the snapshots and the live views';
  if ((snapshots || views) && late(sideLimit)) return unchecked(SIDE, done());
  let withSnaps: StoreVerdict = checked;
  if (snapshots) {
    const stopped = { happened: false };
    const timed =
      sideLimit === undefined
        ? snapshots
        : {
            getBlob: snapshots.getBlob.bind(snapshots),
            entries: () => until(snapshots.entries(), sideLimit, clock, stopped, 1),
          };
    const report = await verifySnapshots(store, timed, { upTo: to });
    if (stopped.happened) return unchecked(SIDE, done());
    withSnaps = withSnapshots(checked, report);
  }
  return withSnaps.ok && views
    ? withViews(
        withSnaps,
        await verifyViews(store, views, {
          ...(viewsDeadline === undefined ? {} : { deadline: viewsDeadline }),
          ...(now ? { now } : {}),
        }),
      )
    : withSnaps;
}

/**
 * A continuation's first link: the event before `from` must still be what the verification
 * it goes on from found there (`after`), stored hash and recomputed, or the chain it checked
 * and the one about to be checked are not the same chain.
 */
function continuationBroken(before: EventEnvelope, after: string): AuditVerdict | null {
  const recomputed = recomputeHash(before);
  if (before.hash === after && recomputed === after) return null;
  return {
    ok: false,
    position: before.position,
    problem: 'hash_mismatch',
    detail: `the verification this one goes on from ended on hash ${after} at position ${before.position}; the log now holds ${before.hash} there${recomputed === before.hash ? '' : `, recomputed ${recomputed}`}`,
    count: 0,
  };
}

/** The items until the clock passes `deadline` (looked at every `every` items); `cut` says whether it did. */
async function* until<T>(
  items: AsyncIterable<T>,
  deadline: number,
  now: () => number,
  cut: { happened: boolean },
  every = CLOCK_EVERY,
): AsyncGenerator<T> {
  let seen = 0;
  for await (const item of items) {
    if (seen++ % every === 0 && seen > 1 && now() > deadline) {
      cut.happened = true;
      return;
    }
    yield item;
  }
}

/** The events, each chain hash handed to the tree check before the event goes on; checkpoints noted. */
async function* feeding(
  events: AsyncIterable<EventEnvelope>,
  tiles: TileCheck,
  checkpoints: SeenCheckpoint[],
): AsyncGenerator<EventEnvelope> {
  for await (const event of events) {
    await tiles.push(event.hash);
    if (event.type === 'CheckpointRecorded') {
      const { size, rootHash, checkpoint, origin } = event.data;
      checkpoints.push({ position: event.position, size: Number(size), rootHash, checkpoint, origin });
    }
    yield event;
  }
}

/**
 * Each checkpoint recorded in the log against the tree (whose tiles were just found equal
 * to the log): its root must be MTH(size), and its signed note must say the same.
 */
async function checkRecorded(tileStore: TileStore, checkpoints: SeenCheckpoint[]) {
  const tree = new MerkleLog(tileStore);
  const head = await tree.head();
  for (const seen of checkpoints) {
    const place = `checkpoint recorded at position ${seen.position}`;
    const fail = (detail: string) => ({
      ok: false as const,
      place,
      problem: 'checkpoint_mismatch' as const,
      detail,
      position: seen.position,
    });
    if (!Number.isSafeInteger(seen.size) || seen.size < 1 || seen.size > head.size) {
      return fail(`its size ${seen.size} is not within the tree of ${head.size}`);
    }
    const root = hashToHex(await tree.rootAt(seen.size, head));
    if (seen.rootHash !== root)
      return fail(`it records root ${String(seen.rootHash)} for size ${seen.size}; the log gives ${root}`);
    let noted: string | null = null;
    try {
      const stated = parseCheckpointText(parseNote(String(seen.checkpoint)).text);
      if (stated.size === seen.size && stated.origin === seen.origin) noted = hashToHex(stated.rootHash);
    } catch {
      noted = null;
    }
    if (noted !== root) return fail('its signed note does not state this origin, size and root');
  }
  return { checked: checkpoints.length };
}

function withSnapshots(verdict: Extract<StoreVerdict, { ok: true }>, report: SnapshotReport): StoreVerdict {
  const checks: VerifyCheck[] = [...verdict.checks, 'snapshots'];
  if (report.ok) return { ...verdict, checks, snapshots: report };
  const { integrity, tree } = verdict;
  return {
    checks,
    ok: false,
    position: report.position,
    problem: 'snapshot',
    detail: `${report.detail} (${report.place})`,
    count: verdict.count,
    headHash: verdict.headHash,
    ...(integrity ? { integrity } : {}),
    ...(tree ? { tree } : {}),
    snapshots: report,
  };
}

function withViews(verdict: Extract<StoreVerdict, { ok: true }>, report: ViewsReport): StoreVerdict {
  // Views that would not hold still, or were out of time, were not compared: not a check made.
  const checks: VerifyCheck[] = [...verdict.checks, ...(report.settled ? (['views'] as const) : [])];
  if (report.ok) return { ...verdict, checks, views: report };
  const { integrity, tree, snapshots } = verdict;
  const first = report.problems[0];
  return {
    checks,
    ok: false,
    position: report.position,
    problem: report.settled ? 'views' : report.unsettled === 'time' ? 'views_unchecked' : 'views_moving',
    detail: first
      ? `${report.problemCount} view document(s) differ from the log at position ${report.position}; first: ${first.kind} ${first.pk}/${first.sk}: ${first.detail}`
      : report.unsettled === 'time'
        ? 'the views were not compared in the time this verification has; `npm run audit -- verify` has no limit'
        : `the views' checkpoint moved during each of ${report.attempts} reads; they were not compared (try again)`,
    count: verdict.count,
    headHash: verdict.headHash,
    ...(integrity ? { integrity } : {}),
    ...(tree ? { tree } : {}),
    ...(snapshots ? { snapshots } : {}),
    views: report,
  };
}

function withTree(
  verdict: Extract<AuditVerdict, { ok: true }>,
  integrity: IntegrityReport,
  tiles: TileVerdict,
  recorded: Awaited<ReturnType<typeof checkRecorded>>,
): StoreVerdict {
  const checked = tiles.ok && 'ok' in recorded ? recorded : tiles;
  const checks: VerifyCheck[] = ['chain', 'integrity', 'tree'];
  if (!checked.ok) {
    const detail = `the Merkle tree disagrees with the log at ${checked.place}: ${checked.detail}`;
    return {
      ok: false,
      position: checked.position,
      problem: 'tree',
      detail,
      count: verdict.count,
      headHash: verdict.headHash,
      checks,
      integrity,
      tree: checked,
    };
  }
  const checkpointsChecked = 'checked' in recorded ? recorded.checked : 0;
  const tree = { ...checked, rootHash: hashToHex(checked.rootHash), checkpointsChecked };
  return { ...verdict, checks, integrity, tree };
}

/**
 * Verifies an export line by line. The first event's prevHash is checked against the
 * genesis hash when the export starts at position 1; a range export has nothing to
 * check its first link against. `onEvent` sees each event once it has been checked.
 */
export async function verifyExportLines(
  lines: AsyncIterable<string>,
  options: AuditVerifyOptions & { onEvent?: (event: EventEnvelope) => void } = {},
): Promise<AuditVerdict> {
  const { onEvent, ...verifyOptions } = options;
  const iterator = parseLines(lines)[Symbol.asyncIterator]();
  let checked = 0;
  let lastPosition = 0;
  try {
    const first = await iterator.next();
    if (first.done) return { ok: true, from: 1, to: 0, count: 0, headHash: GENESIS_HASH };
    const from = first.value.position;
    async function* checkedEvents(): AsyncGenerator<EventEnvelope> {
      for (let next = first; !next.done; next = await iterator.next()) {
        yield next.value;
        // verifyChain asks for the next event only once this one passed.
        checked++;
        lastPosition = next.value.position;
        onEvent?.(next.value);
      }
    }
    lastPosition = from - 1;
    return await verifyChain(checkedEvents(), {
      from,
      ...(from === 1 ? { prevHash: GENESIS_HASH } : {}),
      ...verifyOptions,
    });
  } catch (error) {
    if (!(error instanceof ExportLineError)) throw error;
    return { ok: false, position: lastPosition + 1, problem: 'unreadable', detail: error.message, count: checked };
  } finally {
    // A verdict can come before the last line: close the file behind the lines.
    await iterator.return?.(undefined);
  }
}

async function* parseLines(lines: AsyncIterable<string>): AsyncGenerator<EventEnvelope> {
  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    yield parseExportLine(line, lineNumber);
  }
}

/** Verifies an export and loads it into memory, as recorded (nothing re-hashed). */
export async function loadExport(
  lines: AsyncIterable<string>,
  options: AuditVerifyOptions = {},
): Promise<{ store: MemoryEventStore; verdict: AuditVerdict }> {
  const store = new MemoryEventStore();
  let loaded = 0;
  const onEvent = (event: EventEnvelope) => {
    if (loaded++ > 0 || event.position === 1) return store.load(event);
    throw new ValidationError(
      `The export starts at position ${event.position}; a report needs the log from position 1.`,
      [],
      'export_not_from_start',
    );
  };
  const verdict = await verifyExportLines(lines, { ...options, onEvent });
  return { store, verdict };
}
