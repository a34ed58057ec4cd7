// Deciding a publication: keepers only, for an existing plan and one of its parties
// (a key limited to a party publishes that party's report only), never built from an
// older position than the last revision (a publisher that lost the race rebuilds).
import { parseCheckpointText } from '../../merkle/checkpoint';
import { parseNote } from '../../merkle/signed-note';
import { KEEPER_ROLES, requirePlanScope, requireRole } from '../actor';
import type { PlanState } from '../plan/state';
import { refuse } from '../refusals';
import { parseOrThrow } from '../validate';
import { type PublicationCommand, PublishReportSchema } from './commands';
import type { PublicationEvent } from './events';
import { type PublicationState, reportKind } from './state';

export function decidePublication(
  command: PublicationCommand,
  state: PublicationState,
  plan: PlanState,
): PublicationEvent[] {
  requireRole(command.actor, KEEPER_ROLES, 'publish reports');
  const { type: _type, ...data } = parseOrThrow(PublishReportSchema, command, 'publication');
  requirePlanScope(command.actor, data.planId);
  const { party } = command.actor;
  if (party !== undefined && data.party !== party) {
    refuse('publication_of_other_party', `A key limited to ${party} publishes the report of ${party} only`, {
      party: data.party ?? null,
    });
  }
  if (plan?.planId !== data.planId) return refuse('plan_not_found', `Plan ${data.planId} does not exist`);
  if (data.party !== undefined && !plan.parties.includes(data.party)) {
    refuse('party_not_found', `Plan ${data.planId} has no party ${data.party}`, { party: data.party });
  }
  if (data.checkpoint) {
    if (data.checkpoint.size !== data.position) {
      refuse(
        'checkpoint_invalid',
        `The checkpoint is of ${data.checkpoint.size} events; the report was built at position ${data.position}`,
        { size: data.checkpoint.size, position: data.position },
      );
    }
    if (!notes(data.checkpoint)) {
      refuse('checkpoint_invalid', "The signed note does not state the checkpoint's origin, size and root hash");
    }
  }
  if (state && data.position < state.position) {
    refuse(
      'publication_outdated',
      `Revision ${state.revision} was built at position ${state.position}, after ${data.position}; build again`,
      { position: state.position },
    );
  }
  const same = state?.kinds[reportKind(data)];
  if (same && same.position === data.position) {
    // Two publications started at one moment (the schedule and a coordinator, two tabs): the
    // second would be the first's files again. The publisher answers with the first.
    refuse(
      'publication_current',
      `Revision ${same.revision} of this report was built at position ${data.position} already`,
      { revision: same.revision, position: data.position },
    );
  }
  return [{ type: 'YearlyReportPublished', data: { ...data, revision: (state?.revision ?? 0) + 1 } }];
}

/** The note is a signed checkpoint stating this origin, size and root (the signature needs the log's key: the audit checks it). */
function notes(checkpoint: { origin: string; size: number; rootHash: string; note: string }): boolean {
  try {
    const { text, signatures } = parseNote(checkpoint.note);
    const stated = parseCheckpointText(text);
    return (
      signatures.some((s) => s.name === checkpoint.origin) &&
      stated.origin === checkpoint.origin &&
      stated.size === checkpoint.size &&
      Buffer.from(stated.rootHash).toString('hex') === checkpoint.rootHash
    );
  } catch {
    return false;
  }
}
