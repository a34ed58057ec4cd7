// Runs one domain command through the store's command path (command-path.ts): decided on
// the latest state, committed with its conditions, retried on another process's write,
// answered with the first result when its command id was seen before.
import type { DomainCommand } from '../domain';
import type { AppendResult, EventStore } from '../store/event-store';
import { commandPathFor, type ExecuteOptions } from './command-path';

export {
  CredentialRevokedError,
  type ExecuteOptions,
  PreconditionFailedError,
  toNewEvents,
} from './command-path';

export function executeCommand(
  store: EventStore,
  command: DomainCommand,
  options: ExecuteOptions,
): Promise<AppendResult> {
  return commandPathFor(store).execute(command, options);
}
