// Every domain command, and the stream each one is decided on: both come from the
// decider registry (deciders.ts).
export { commandStreamId, type DomainCommand, type DomainCommandType } from './deciders';
