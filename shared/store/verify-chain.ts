// Recomputes the hash chain over events in position order and checks the
// positions are gapless. Works on anything iterable: the live store or an export.
import { eventHash, GENESIS_HASH } from './canonical';
import type { EventEnvelope } from './event-store';

export type ChainProblem = 'hash_mismatch' | 'broken_link' | 'gap' | 'head_mismatch';

export type ChainVerdict =
  | { ok: true; from: number; to: number; count: number; headHash: string }
  | { ok: false; position: number; problem: ChainProblem; detail: string; count: number };

export interface VerifyOptions {
  /** The position the events start at (1 unless verifying a range). */
  from?: number;
  /** The hash of the event just before `from` (the genesis hash for position 1), when known. */
  prevHash?: string;
  /** Called every `progressEvery` events with how many were checked. */
  onProgress?: (checked: number, position: number) => void;
  progressEvery?: number;
}

export function recomputeHash(event: EventEnvelope): string {
  const { hash: _hash, ...body } = event;
  return eventHash(event.prevHash, body);
}

export async function verifyChain(
  events: AsyncIterable<EventEnvelope> | Iterable<EventEnvelope>,
  options: VerifyOptions = {},
): Promise<ChainVerdict> {
  const from = options.from ?? 1;
  let expectedPosition = from;
  let prevHash: string | undefined = options.prevHash ?? (from === 1 ? GENESIS_HASH : undefined);
  let count = 0;
  const every = options.progressEvery ?? 10_000;
  for await (const event of events) {
    if (event.position !== expectedPosition) {
      const detail =
        event.position > expectedPosition
          ? `position ${expectedPosition} is missing (next found: ${event.position})`
          : `position ${event.position} appears out of order after ${expectedPosition - 1}`;
      return { ok: false, position: expectedPosition, problem: 'gap', detail, count };
    }
    if (prevHash !== undefined && event.prevHash !== prevHash) {
      return {
        ok: false,
        position: event.position,
        problem: 'broken_link',
        detail: `prevHash ${event.prevHash} does not match the previous event's hash ${prevHash}`,
        count,
      };
    }
    const actual = recomputeHash(event);
    if (actual !== event.hash) {
      return {
        ok: false,
        position: event.position,
        problem: 'hash_mismatch',
        detail: `stored hash ${event.hash}, recomputed ${actual}`,
        count,
      };
    }
    prevHash = event.hash;
    expectedPosition++;
    count++;
    if (options.onProgress && count % every === 0) options.onProgress(count, event.position);
  }
  return { ok: true, from, to: expectedPosition - 1, count, headHash: prevHash ?? options.prevHash ?? GENESIS_HASH };
}
