// The API's dependencies on in-memory stores: what scripts that build the app only to read
// what it declares (the OpenAPI document, the route manifest) run it on. No DynamoDB.
import type { ApiDeps } from '../../shared/http/deps';
import { MemoryViewStore } from '../../shared/projections/memory-view-store';
import { MemoryArtifactStore } from '../../shared/report/artifact-store';
import { silentLogger } from '../../shared/runtime/logger';
import { MemoryEventStore } from '../../shared/store/memory-event-store';

export function offlineDeps(id: string): ApiDeps {
  return {
    store: new MemoryEventStore(),
    views: async () => new MemoryViewStore(),
    artifacts: new MemoryArtifactStore(),
    clock: () => new Date(),
    newId: () => id,
    logger: silentLogger,
  };
}
