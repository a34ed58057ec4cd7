import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { eventStoreContract } from './contract';

eventStoreContract('memory', async () => ({ store: new MemoryEventStore(), cleanup: async () => {} }));
