// The publications of one plan and year so far: how many, and the position the last was built at.
import type { PublicationEvent } from './events';

export interface Publications {
  revision: number;
  position: number;
}

export type PublicationState = Publications | null;

export const initialPublicationState: PublicationState = null;

export function evolvePublication(_state: PublicationState, event: PublicationEvent): PublicationState {
  return { revision: event.data.revision, position: event.data.position };
}
