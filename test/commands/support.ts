// What the command-path tests share: a store holding given domain events as they would be
// recorded, each stream's versions counting from 1, without deciding them.
import { toNewEvents } from '../../shared/commands/execute';
import { type DomainEvent, eventStreamId } from '../../shared/domain';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { AT } from '../domain/support/fixtures';

export async function storeWith(events: DomainEvent[]): Promise<MemoryEventStore> {
  const store = new MemoryEventStore();
  const versions = new Map<string, number>();
  for (const [i, event] of events.entries()) {
    const streamId = eventStreamId(event);
    const version = versions.get(streamId) ?? 0;
    await store.commit([
      {
        streamId,
        expectedVersion: version,
        events: toNewEvents([event]),
        commandId: `setup-${i}`,
        fingerprint: `setup-${i}`,
        actor: { keyId: 'system', role: 'system' },
        recordedAt: AT,
      },
    ]);
    versions.set(streamId, version + 1);
  }
  return store;
}
