// Checks what the command side trusts against the log: every log event has exactly its
// index item and no index item points nowhere or to another event; each stream's
// versions run 1, 2, 3… in log order and its tip names its last event; the head is the
// last event; every command in the log has its guard and every guard names the events
// of its command, with the versions, positions and time a retry is answered with. The
// chain proves the log; this proves everything read beside it. Not covered: a guard's
// request fingerprint, which the log does not hold.
import type { TrustedItem } from '../store/trusted-items';

export type IntegrityKind =
  | 'index_missing'
  | 'index_wrong'
  | 'index_orphan'
  | 'version_gap'
  | 'tip_missing'
  | 'tip_wrong'
  | 'tip_orphan'
  | 'head_missing'
  | 'head_mismatch'
  | 'guard_missing'
  | 'guard_wrong'
  | 'unknown_item';

export interface IntegrityProblem {
  kind: IntegrityKind;
  /** The log position concerned, where there is one. */
  position: number | null;
  streamId: string | null;
  detail: string;
}

export interface IntegrityReport {
  ok: boolean;
  /** `indexItems`: versions the stream index covers (a run item counts each of its versions). */
  checked: { events: number; indexItems: number; tips: number; guards: number; streams: number };
  /** Every problem found, up to 100 (`problemCount` says how many there were). */
  problems: IntegrityProblem[];
  problemCount: number;
}

type Log = Extract<TrustedItem, { kind: 'log' }>;
const MAX_LISTED = 100;

export async function checkIntegrity(
  items: AsyncIterable<TrustedItem> | Iterable<TrustedItem>,
): Promise<IntegrityReport> {
  const log = new Map<number, Log>();
  const index = new Map<string, Extract<TrustedItem, { kind: 'index' }>>();
  const tips = new Map<string, Extract<TrustedItem, { kind: 'tip' }>>();
  const guards = new Map<string, Extract<TrustedItem, { kind: 'guard' }>>();
  let head: Extract<TrustedItem, { kind: 'head' }> | null = null;
  const problems: IntegrityProblem[] = [];
  let problemCount = 0;
  let indexItems = 0;
  const report = (kind: IntegrityKind, position: number | null, streamId: string | null, detail: string) => {
    problemCount++;
    if (problems.length < MAX_LISTED) problems.push({ kind, position, streamId, detail });
  };
  for await (const item of items) {
    if (item.kind === 'log') log.set(item.position, item);
    else if (item.kind === 'index') {
      const key = `${item.streamId}\u0000${item.version}`;
      // Runs of versions that overlap: a read refuses the stream, so say why.
      if (index.has(key)) {
        report('index_wrong', item.position, item.streamId, `two index items cover version ${item.version}`);
      }
      index.set(key, item);
      indexItems++;
    } else if (item.kind === 'tip') tips.set(item.streamId, item);
    else if (item.kind === 'guard') guards.set(item.commandId, item);
    else if (item.kind === 'head') head = item;
    else report('unknown_item', null, null, `${item.pk}/${item.sk}: ${item.detail}`);
  }

  const positions = [...log.keys()].sort((a, b) => a - b);
  const streams = new Map<string, Log[]>();
  const commands = new Map<string, Log[]>();
  // Appended in place: a copy per event made this quadratic in a stream's length.
  const add = (map: Map<string, Log[]>, key: string, event: Log) => {
    const list = map.get(key);
    if (list) list.push(event);
    else map.set(key, [event]);
  };
  for (const position of positions) {
    const event = log.get(position)!;
    add(streams, event.streamId, event);
    add(commands, event.commandId, event);
  }
  const headLayout = (head as Extract<TrustedItem, { kind: 'head' }> | null)?.layout ?? 1;

  for (const [streamId, events] of streams) {
    events.forEach((event, i) => {
      if (event.version !== i + 1) {
        report('version_gap', event.position, streamId, `version ${event.version} where version ${i + 1} comes next`);
      }
      const key = `${streamId}\u0000${event.version}`;
      const entry = index.get(key);
      if (!entry) {
        report('index_missing', event.position, streamId, `version ${event.version} has no index item`);
      } else {
        index.delete(key);
        // Only layout 1 wrote index items without the event's hash; its upgrade adds them.
        if (entry.hash === null && headLayout >= 2) {
          report('index_wrong', event.position, streamId, `the index item of version ${event.version} has no hash`);
        } else if (entry.position !== event.position || (entry.hash !== null && entry.hash !== event.hash)) {
          report(
            'index_wrong',
            event.position,
            streamId,
            `the index item of version ${event.version} names position ${entry.position}${entry.hash !== null && entry.hash !== event.hash ? ' and another hash' : ''}`,
          );
        }
      }
    });
    const last = events[events.length - 1]!;
    const tip = tips.get(streamId);
    tips.delete(streamId);
    if (!tip) report('tip_missing', last.position, streamId, `no tip; the stream ends at version ${last.version}`);
    else if (tip.version !== last.version || tip.position !== last.position || tip.hash !== last.hash) {
      report(
        'tip_wrong',
        last.position,
        streamId,
        `the tip says version ${tip.version} at position ${tip.position}; the log ends at version ${last.version}, position ${last.position}`,
      );
    }
  }
  for (const entry of index.values()) {
    const at = log.get(entry.position);
    report(
      'index_orphan',
      entry.position,
      entry.streamId,
      at
        ? `the index item of version ${entry.version} names position ${entry.position}, which is ${at.streamId} version ${at.version}`
        : `the index item of version ${entry.version} names position ${entry.position}, which holds no event`,
    );
  }
  for (const tip of tips.values())
    report('tip_orphan', tip.position, tip.streamId, 'a tip for a stream with no events');

  const lastPosition = positions[positions.length - 1] ?? 0;
  const headItem = head as Extract<TrustedItem, { kind: 'head' }> | null;
  if (lastPosition > 0 && !headItem) report('head_missing', lastPosition, null, 'the log has events but no head');
  if (
    headItem &&
    (headItem.position !== lastPosition || (lastPosition > 0 && headItem.hash !== log.get(lastPosition)?.hash))
  ) {
    report(
      'head_mismatch',
      lastPosition,
      null,
      `the head says position ${headItem.position}; the log ends at ${lastPosition}`,
    );
  }

  for (const [commandId, events] of commands) {
    const guard = guards.get(commandId);
    const first = events[0]!;
    if (!guard) {
      report(
        'guard_missing',
        first.position,
        first.streamId,
        `command ${commandId} has no guard: a retry would append it again`,
      );
      continue;
    }
    const named = events.map((e) => e.eventId).join();
    const last = events[events.length - 1]!;
    // Everything a retry is answered with must be what the log holds.
    if (
      guard.firstPosition !== first.position ||
      guard.lastPosition !== last.position ||
      guard.firstVersion !== first.version ||
      guard.lastVersion !== last.version ||
      guard.recordedAt !== first.recordedAt ||
      guard.streamId !== first.streamId ||
      guard.eventIds.join() !== named
    ) {
      report('guard_wrong', first.position, first.streamId, `the guard of ${commandId} does not name its events`);
    }
    guards.delete(commandId);
  }
  for (const guard of guards.values()) {
    report(
      'guard_wrong',
      Number.isFinite(guard.firstPosition) ? guard.firstPosition : null,
      guard.streamId || null,
      `the guard of ${guard.commandId} names events that are not in the log`,
    );
  }
  return {
    ok: problemCount === 0,
    checked: {
      events: log.size,
      indexItems,
      tips: streams.size,
      guards: commands.size,
      streams: streams.size,
    },
    problems,
    problemCount,
  };
}
