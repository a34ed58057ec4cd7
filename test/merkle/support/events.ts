// Event envelopes chained exactly as the store chains them (shared/store/canonical.ts),
// built directly so these tests do not depend on the write path.
import { eventHash, GENESIS_HASH } from '../../../shared/store/canonical';
import type { EventEnvelope } from '../../../shared/store/event-store';

export function chainedEvents(count: number, seed = 'events'): EventEnvelope[] {
  const events: EventEnvelope[] = [];
  let prevHash = GENESIS_HASH;
  for (let position = 1; position <= count; position++) {
    const body = {
      eventId: `${seed}-${position}`,
      streamId: `measure-${position % 7}`,
      version: Math.ceil(position / 7),
      position,
      type: 'ExecutionReported',
      schemaVersion: 1,
      data: { text: `Мероприятие ${position}: «турнир по самбо»`, participants: position * 3, regions: [1, 2] },
      metadata: {
        actor: { keyId: 'k1', role: 'agency' },
        commandId: `c-${position}`,
        correlationId: null,
        causationId: null,
      },
      recordedAt: new Date(Date.UTC(2023, 0, 1) + position * 60_000).toISOString(),
      prevHash,
    };
    const hash = eventHash(prevHash, body);
    events.push({ ...body, hash });
    prevHash = hash;
  }
  return events;
}
