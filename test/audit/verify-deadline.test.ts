// A verification of the live log given a time limit (the API's and the audit page's): when
// the time runs out it says how far the chain was checked and where to go on from, and
// never "ok" for what it did not check.
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyStore } from '../../shared/audit/verify';
import { MemoryEventStore } from '../../shared/store/memory-event-store';

const EVENTS = 1_200;
let store: MemoryEventStore;

beforeAll(async () => {
  store = new MemoryEventStore();
  for (let i = 1; i <= EVENTS; i++) {
    await store.append(`s-${i % 7}`, [{ type: 'Noted', schemaVersion: 1, data: { i } }], {
      expectedVersion: 'any',
      commandId: `c-${i}`,
      actor: { keyId: 'k', role: 'coordinator' },
      recordedAt: '2026-01-01T00:00:00.000Z',
    });
  }
});

/** A clock that reads `start` for its first `calls` readings, then an hour later. */
function clock(calls: number, start = 1_000_000) {
  let read = 0;
  return () => (read++ < calls ? start : start + 3_600_000);
}

describe('verification with a time limit', () => {
  it('stops where the time ran out, names the range that holds, and goes on from there to the end', async () => {
    const verdict = await verifyStore(store, {}, { deadline: 1_000_000 + 24_000, now: clock(0) });
    expect(verdict).toMatchObject({ ok: false, problem: 'unfinished', from: 1, to: 500, position: 501, count: 500 });
    expect(verdict.integrity).toBeUndefined(); // nothing beside the chain was checked
    if (verdict.ok || verdict.problem !== 'unfinished') throw new Error('unreachable');
    const [at500] = (await store.readAll({ fromPosition: 500, limit: 1 })).events;
    expect(verdict.headHash).toBe(at500!.hash);
    expect(verdict.detail).toContain('verify again from 501');

    // The rest, with no limit: the link to position 500 is checked again, then on to the head.
    const rest = await verifyStore(store, { from: verdict.position });
    expect(rest).toMatchObject({ ok: true, from: 501, to: EVENTS, count: EVENTS - 500 });
  });

  it('says the checks beside the chain were not made when the time ran out after it', async () => {
    // The clock passes the deadline only once the whole chain is read (looked at after 500 and 1,000).
    const verdict = await verifyStore(store, {}, { deadline: 1_000_000 + 24_000, now: clock(2) });
    expect(verdict).toMatchObject({ ok: false, problem: 'unfinished', from: 1, to: EVENTS, position: EVENTS + 1 });
    if (verdict.ok) throw new Error('unreachable');
    expect(verdict.detail).toContain('the index, tips, head and guards');
  });

  it('is ok, with everything checked, when the time suffices', async () => {
    const verdict = await verifyStore(store, {}, { deadline: 1_000_000 + 24_000, now: () => 1_000_000 });
    expect(verdict).toMatchObject({ ok: true, from: 1, to: EVENTS, integrity: { ok: true } });
  });
});
