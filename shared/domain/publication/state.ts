// The publications of one plan and year so far: how many, the position the last was built
// at, and per kind of report (whose, with or without the appendix) its last revision.
import type { PublicationEvent } from './events';

export interface Publications {
  revision: number;
  position: number;
  /** The last revision of each kind of report (`reportKind`) and the position it was built at. */
  kinds: Record<string, { revision: number; position: number }>;
}

export type PublicationState = Publications | null;

export const initialPublicationState: PublicationState = null;

/** Which report a publication is: the joint one or a party's, with or without the appendix. */
export function reportKind(data: { party?: string | undefined; includeAppendix: boolean }): string {
  return JSON.stringify([data.party ?? null, data.includeAppendix]);
}

export function evolvePublication(state: PublicationState, event: PublicationEvent): PublicationState {
  const { revision, position } = event.data;
  return { revision, position, kinds: { ...state?.kinds, [reportKind(event.data)]: { revision, position } } };
}
