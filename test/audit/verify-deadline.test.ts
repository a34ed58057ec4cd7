// A verification of the live log given a time limit (the API's and the audit page's): when
// the time runs out it says how far the chain was checked and where to go on from, and
// never "ok" for what it did not check.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeVerdict } from '../../shared/audit/text';
import { verifyStore } from '../../shared/audit/verify';
import { MemorySnapshotStore } from '../../shared/snapshots/snapshot-store';
import { Snapshotter } from '../../shared/snapshots/snapshotter';
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

    // The rest, with no limit: the link to position 500 is checked against the hash this run
    // ended on, then on to the head. A range is the chain alone, and says so.
    const rest = await verifyStore(store, { from: verdict.position, after: verdict.headHash });
    expect(rest).toMatchObject({ ok: true, from: 501, to: EVENTS, count: EVENTS - 500, checks: ['chain'] });
    expect(rest.integrity).toBeUndefined();
    // The CLI's line says the same, instead of a bare "OK".
    expect(describeVerdict(rest, 'the store')).toContain('the chain only: the index');
  });

  it('refuses to go on from a hash the log no longer holds where the last run ended', async () => {
    const [at499] = (await store.readAll({ fromPosition: 499, limit: 1 })).events;
    // Say the log was rewritten between the two runs: the run before ended on another hash at 500.
    const verdict = await verifyStore(store, { from: 501, after: at499!.hash });
    expect(verdict).toMatchObject({ ok: false, problem: 'hash_mismatch', position: 500, count: 0 });
    if (verdict.ok) throw new Error('unreachable');
    expect(verdict.detail).toContain(`ended on hash ${at499!.hash} at position 500`);
    await expect(verifyStore(store, { from: 1, after: at499!.hash })).rejects.toThrow(/after/);
  });

  it('checks nothing, and says so, for a range past the head', async () => {
    const verdict = await verifyStore(store, { from: EVENTS + 1 });
    expect(verdict).toMatchObject({
      ok: false,
      problem: 'nothing_checked',
      from: EVENTS + 1,
      to: EVENTS,
      count: 0,
      checks: [],
    });
    expect(await verifyStore(store, { from: 3, to: 2 })).toMatchObject({ ok: false, problem: 'nothing_checked' });
    // An empty log, verified whole, holds.
    expect(await verifyStore(new MemoryEventStore(), {})).toMatchObject({ ok: true, count: 0 });
  });

  it('says the checks beside the chain were not made when the time ran out after it', async () => {
    // The clock passes the deadline only once the whole chain is read (looked at after 500 and 1,000).
    const verdict = await verifyStore(store, {}, { deadline: 1_000_000 + 24_000, now: clock(2) });
    expect(verdict).toMatchObject({ ok: false, problem: 'unfinished', from: 1, to: EVENTS, position: EVENTS + 1 });
    if (verdict.ok) throw new Error('unreachable');
    expect(verdict.detail).toContain('the index, tips, head and guards');
  });

  it('stops the scan of the index and guards when the time runs out during it', async () => {
    // In time after the chain (looked at after 500 and 1,000) and before the scan; not 500 items into it.
    const verdict = await verifyStore(
      store,
      {},
      { deadline: 1_000_000 + 16_000, sideDeadline: 1_000_000 + 24_000, now: clock(3) },
    );
    expect(verdict).toMatchObject({ ok: false, problem: 'unfinished', from: 1, to: EVENTS, checks: ['chain'] });
    if (verdict.ok) throw new Error('unreachable');
    expect(verdict.detail).toContain('the index, tips, head and guards');
    expect(verdict.integrity).toBeUndefined();
  });

  it('stops the snapshots when the time runs out between two of them, saying the index was checked', async () => {
    const snapshots = new MemorySnapshotStore();
    await new Snapshotter({ store, snapshots, every: 100 }).advance(EVENTS);
    const options = { deadline: 1_000_000 + 16_000, sideDeadline: 1_000_000 + 24_000 };
    // The index scan of 1,200 events looks at the clock about 7 times; the snapshots at each one.
    const reads = { n: 0 };
    const counting = () => {
      reads.n++;
      return 1_000_000;
    };
    expect(await verifyStore(store, {}, { ...options, snapshots, now: counting })).toMatchObject({
      ok: true,
      checks: ['chain', 'integrity', 'snapshots'],
      snapshots: { ok: true, snapshotsChecked: 12 },
    });
    const verdict = await verifyStore(store, {}, { ...options, snapshots, now: clock(reads.n - 5) });
    expect(verdict).toMatchObject({
      ok: false,
      problem: 'unfinished',
      checks: ['chain', 'integrity'],
      integrity: { ok: true },
    });
    if (verdict.ok) throw new Error('unreachable');
    expect(verdict.detail).toContain('the snapshots and the live views');
    expect(verdict.snapshots).toBeUndefined();
  });

  it('is ok, with everything checked, when the time suffices', async () => {
    const verdict = await verifyStore(store, {}, { deadline: 1_000_000 + 24_000, now: () => 1_000_000 });
    expect(verdict).toMatchObject({
      ok: true,
      from: 1,
      to: EVENTS,
      integrity: { ok: true },
      checks: ['chain', 'integrity'],
    });
  });
});
