// A write whose states are not cached (a new process, a Lambda cold start) reads its own
// stream, its API key and the context the command names (the measure's plan, the
// reporting executor) together, in one round of reads, not one after another.
import { describe, expect, it } from 'vitest';
import { executeCommand } from '../../shared/commands/execute';
import { runImport } from '../../shared/commands/run-import';
import { apiKeyStreamId, executorStreamId, measureStreamId, planStreamId } from '../../shared/domain';
import { newApiKey } from '../../shared/http/api-keys';
import type { EventStore } from '../../shared/store/event-store';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { PLAN, seedFixture } from '../http/support';

const SYSTEM = { keyId: 'system', role: 'system' as const };

/** The store, with each stream read taking a while and recorded as it starts and ends. */
function slowReads(inner: EventStore, log: string[]): EventStore {
  return new Proxy(inner, {
    get(target, property) {
      if (property === 'readTail') {
        return async (streamId: string, after: number) => {
          log.push(`start ${streamId}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
          const out = await target.readTail(streamId, after);
          log.push(`end ${streamId}`);
          return out;
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('a cold write', () => {
  it('reads its stream, its key, the plan and the reporting executor in one round', async () => {
    const inner = new MemoryEventStore();
    const at = '2024-01-10T09:00:00.000Z';
    await runImport(inner, seedFixture(), { actor: SYSTEM, at });
    const key = newApiKey();
    await executeCommand(
      inner,
      {
        type: 'IssueApiKey',
        keyId: key.keyId,
        role: 'agency',
        executorId: 'smolensk-sport-office',
        label: 'спорт',
        secretHash: key.secretHash,
        actor: SYSTEM,
        at,
      },
      { commandId: `k-${key.keyId}`, fingerprint: 'k', recordedAt: at },
    );
    const log: string[] = [];
    // Another object: its own command path, with nothing cached (a process just started).
    const cold = slowReads(inner, log);
    const result = await executeCommand(
      cold,
      {
        type: 'ReportExecution',
        planId: PLAN,
        number: '9.1',
        reportId: 'cold-1',
        executorId: 'smolensk-sport-office',
        period: { kind: 'day', date: '2023-07-01' },
        text: 'Проведены соревнования.',
        actor: { keyId: key.keyId, role: 'agency', executorId: 'smolensk-sport-office' },
        at,
      },
      { commandId: 'cold-1', fingerprint: 'cold-1', recordedAt: at, credential: { keyId: key.keyId } },
    );
    expect(result.duplicate).toBe(false);
    const firstEnd = log.findIndex((line) => line.startsWith('end '));
    const firstRound = log.slice(0, firstEnd).map((line) => line.slice('start '.length));
    expect(firstRound.sort()).toEqual(
      [
        measureStreamId(PLAN, '9.1'),
        apiKeyStreamId(key.keyId),
        planStreamId(PLAN),
        executorStreamId('smolensk-sport-office'),
      ].sort(),
    );
    // Each stream is read once.
    expect(log.filter((line) => line.startsWith('start ')).length).toBe(4);
  });
});
