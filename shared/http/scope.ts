// What a key limited to plans may read: its plans' routes (refused with the role, in the
// app's gate: views, reports, publications, changes, progress), one stream's history when
// the stream is one of its plans' or an executor's (the directory is shared by every plan),
// never the whole log: the log is one hash chain over every plan, and a chain with other
// plans' events left out cannot be verified. A party limit does not narrow reads: a plan is
// read jointly.
import { type Actor, refuse } from '../domain';
import { MEASURE_NUMBER } from '../domain/numbering';

/** Refuses (whole_log_out_of_scope) the whole log to a key limited to plans. */
export function requireWholeLog(actor: Actor): void {
  if (actor.planIds !== undefined) {
    refuse(
      'whole_log_out_of_scope',
      "The log is one chain over every plan; a key limited to plans reads its plans' streams, reports and publications instead",
    );
  }
}

const YEAR = /^\d{4}$/;

/** Whether a stream is one a key limited to plans may read (the rest after the plan id must be a number or a year). */
export function streamInScope(actor: Actor, streamId: string): boolean {
  if (actor.planIds === undefined || streamId.startsWith('executor-')) return true;
  return actor.planIds.some((planId) => {
    if (streamId === `plan-${planId}`) return true;
    const measure = streamId.startsWith(`measure-${planId}-`) && streamId.slice(`measure-${planId}-`.length);
    const report = streamId.startsWith(`report-${planId}-`) && streamId.slice(`report-${planId}-`.length);
    return (measure !== false && MEASURE_NUMBER.test(measure)) || (report !== false && YEAR.test(report));
  });
}

/** Refuses (stream_out_of_scope) a stream outside the key's plans. */
export function requireStreamInScope(actor: Actor, streamId: string): void {
  if (!streamInScope(actor, streamId)) {
    refuse('stream_out_of_scope', `Stream ${streamId} is not one of the plans this key is limited to`, { streamId });
  }
}
