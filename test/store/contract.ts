// The event store contract: every implementation must pass this suite.
import { describe, expect, it } from 'vitest';
import { MAX_EVENT_BYTES, MAX_EVENTS_PER_APPEND } from '../../shared/store/append-plan';
import { GENESIS_HASH } from '../../shared/store/canonical';
import {
  AppendLimitError,
  ConcurrencyError,
  IdempotencyConflictError,
  InvalidAppendError,
} from '../../shared/store/errors';
import { type AppendOptions, type EventStore, iterateAll, type NewEvent } from '../../shared/store/event-store';
import { verifyChain } from '../../shared/store/verify-chain';

export interface StoreFixture {
  store: EventStore;
  cleanup(): Promise<void>;
}

const AT = '2026-11-28T10:00:00.000Z';
const actor = { keyId: 'key-1', role: 'coordinator' };
let seq = 0;
const opts = (overrides: Partial<AppendOptions> = {}): AppendOptions => ({
  expectedVersion: 'any',
  commandId: `cmd-${process.pid}-${++seq}-${Math.random().toString(36).slice(2)}`,
  actor,
  recordedAt: AT,
  ...overrides,
});
const ev = (n: number, extra: Record<string, string> = {}): NewEvent => ({
  type: 'ThingHappened',
  schemaVersion: 1,
  data: { n, text: `событие ${n}`, ...extra },
});

export function eventStoreContract(name: string, makeFixture: () => Promise<StoreFixture>) {
  describe(`event store contract: ${name}`, () => {
    const withStore = (fn: (store: EventStore) => Promise<void>) => async () => {
      const fixture = await makeFixture();
      try {
        await fn(fixture.store);
      } finally {
        await fixture.cleanup();
      }
    };

    it(
      'an empty store has head 0 and the genesis hash',
      withStore(async (store) => {
        expect(await store.head()).toEqual({ position: 0, hash: GENESIS_HASH });
        expect(await store.readAll()).toEqual({ events: [], nextPosition: null });
        expect(await store.streamVersion('nothing')).toBe(0);
      }),
    );

    it(
      'appends with the full envelope, chained, and reads it back by stream and globally',
      withStore(async (store) => {
        const first = await store.append(
          'plan-a',
          [ev(1), ev(2)],
          opts({ expectedVersion: 'no-stream', correlationId: 'req-1' }),
        );
        expect(first).toMatchObject({
          streamId: 'plan-a',
          firstVersion: 1,
          lastVersion: 2,
          firstPosition: 1,
          lastPosition: 2,
          duplicate: false,
        });
        await store.append('plan-b', [ev(3)], opts({ expectedVersion: 'no-stream' }));
        await store.append('plan-a', [ev(4)], opts({ expectedVersion: 2, causationId: 'evt-x' }));
        const stream = await store.readStream('plan-a');
        expect(stream.map((e) => [e.version, e.position, e.data.n])).toEqual([
          [1, 1, 1],
          [2, 2, 2],
          [1 + 2, 4, 4],
        ]);
        const e1 = stream[0]!;
        expect(e1).toMatchObject({
          streamId: 'plan-a',
          type: 'ThingHappened',
          schemaVersion: 1,
          recordedAt: AT,
          prevHash: GENESIS_HASH,
          metadata: { actor, commandId: first.commandId, correlationId: 'req-1', causationId: null },
        });
        expect(e1.eventId).toBe(first.eventIds[0]);
        expect(e1.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(stream[1]!.prevHash).toBe(e1.hash);
        expect(await store.readStream('plan-a', { fromVersion: 2, toVersion: 2 })).toHaveLength(1);
        const all = await store.readAll();
        expect(all.events.map((e) => e.position)).toEqual([1, 2, 3, 4]);
        expect((await store.head()).hash).toBe(all.events[3]!.hash);
        expect(await verifyChain(all.events)).toMatchObject({ ok: true, count: 4, headHash: all.events[3]!.hash });
      }),
    );

    it(
      'refuses a stale or premature expected version with the current version, writing nothing',
      withStore(async (store) => {
        await store.append('s', [ev(1), ev(2)], opts({ expectedVersion: 'no-stream' }));
        for (const expectedVersion of [1, 3, 'no-stream'] as const) {
          const error = await store.append('s', [ev(9)], opts({ expectedVersion })).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(ConcurrencyError);
          expect((error as ConcurrencyError).currentVersion).toBe(2);
        }
        expect((await store.head()).position).toBe(2);
        expect(await store.streamVersion('s')).toBe(2);
      }),
    );

    it(
      'pages through the whole log without gaps',
      withStore(async (store) => {
        for (let i = 1; i <= 7; i++) await store.append(`s${i % 3}`, [ev(i)], opts());
        const page1 = await store.readAll({ fromPosition: 1, limit: 3 });
        expect(page1.events.map((e) => e.position)).toEqual([1, 2, 3]);
        expect(page1.nextPosition).toBe(4);
        const seen: number[] = [];
        for await (const e of iterateAll(store, { pageSize: 2 })) seen.push(e.position);
        expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
        const ranged = await store.readAll({ fromPosition: 3, toPosition: 5, limit: 10 });
        expect(ranged.events.map((e) => e.position)).toEqual([3, 4, 5]);
        expect(ranged.nextPosition).toBeNull();
      }),
    );

    it(
      'a retried command returns the first result and writes nothing; another payload is refused',
      withStore(async (store) => {
        const options = opts({ expectedVersion: 'no-stream' });
        const first = await store.append('s', [ev(1)], options);
        const again = await store.append('s', [ev(1)], { ...options, recordedAt: '2026-11-28T10:00:05.000Z' });
        expect(again).toMatchObject({ ...first, duplicate: true });
        expect(await store.findCommand(options.commandId)).toMatchObject({ firstPosition: 1, duplicate: true });
        expect(await store.findCommand('never-used')).toBeNull();
        await expect(store.append('s', [ev(2)], options)).rejects.toBeInstanceOf(IdempotencyConflictError);
        expect((await store.head()).position).toBe(1);
      }),
    );

    it(
      'checks limits before writing anything',
      withStore(async (store) => {
        const many = Array.from({ length: MAX_EVENTS_PER_APPEND + 1 }, (_, i) => ev(i));
        await expect(store.append('s', many, opts())).rejects.toBeInstanceOf(AppendLimitError);
        const big = ev(1, { text: 'я'.repeat(MAX_EVENT_BYTES) });
        await expect(store.append('s', [big], opts())).rejects.toMatchObject({ code: 'event_too_large', status: 413 });
        await expect(store.append('s', [], opts())).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(store.append('bad stream id', [ev(1)], opts())).rejects.toMatchObject({
          code: 'invalid_stream_id',
        });
        await expect(store.append('s', [ev(1)], opts({ recordedAt: '2026-11-28 10:00' }))).rejects.toMatchObject({
          code: 'invalid_recorded_at',
        });
        expect((await store.head()).position).toBe(0);
        const max = Array.from({ length: MAX_EVENTS_PER_APPEND }, (_, i) => ev(i));
        expect(await store.append('s', max, opts())).toMatchObject({
          lastVersion: MAX_EVENTS_PER_APPEND,
          lastPosition: MAX_EVENTS_PER_APPEND,
        });
      }),
    );

    it(
      '16 concurrent appenders on different streams, 20 appends each: gapless, ordered, chained',
      withStore(async (store) => {
        await Promise.all(
          Array.from({ length: 16 }, async (_, w) => {
            for (let i = 1; i <= 20; i++)
              await store.append(`worker-${w}`, [ev(i)], opts({ expectedVersion: i === 1 ? 'no-stream' : i - 1 }));
          }),
        );
        const events = [];
        for await (const e of iterateAll(store, { pageSize: 100 })) events.push(e);
        expect(events.map((e) => e.position)).toEqual(Array.from({ length: 320 }, (_, i) => i + 1));
        for (let w = 0; w < 16; w++) {
          const stream = await store.readStream(`worker-${w}`);
          expect(stream.map((e) => e.version)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
          expect(stream.map((e) => e.data.n)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        }
        expect(await verifyChain(events)).toMatchObject({ ok: true, count: 320 });
        expect((await store.head()).position).toBe(320);
      }),
    );

    it(
      '16 concurrent appenders on one stream with the same expected version: exactly one wins',
      withStore(async (store) => {
        const results = await Promise.allSettled(
          Array.from({ length: 16 }, (_, w) =>
            store.append('contested', [ev(w)], opts({ expectedVersion: 'no-stream' })),
          ),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(rejected).toHaveLength(15);
        for (const r of rejected) expect(r.reason).toBeInstanceOf(ConcurrencyError);
        expect((await store.readAll()).events).toHaveLength(1);
      }),
    );

    it(
      'the same commandId sent 10 times concurrently appends once',
      withStore(async (store) => {
        const options = opts({ expectedVersion: 'any' });
        const results = await Promise.all(Array.from({ length: 10 }, () => store.append('once', [ev(1)], options)));
        expect(new Set(results.map((r) => r.firstPosition))).toEqual(new Set([1]));
        expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
        expect((await store.readAll()).events).toHaveLength(1);
      }),
    );
  });
}
