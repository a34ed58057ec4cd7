// Is last year's report published? From 1 February (Moscow time) on, every plan whose
// reporting period includes last year should have a publication of it: the joint report
// and each party's (what the schedule publishes); the check function turns the answer
// into a metric an alarm watches (docs/OPERATIONS.md).
import { foldPlan, parseEventData, planStreamId, publicationStreamId } from '../domain';
import type { EventStore } from '../store/event-store';

export type PublicationStatus =
  | { planId: string; status: 'published'; year: number; revisions: number }
  /** `missing` names the reports not published: a party, or null for the joint report. */
  | { planId: string; status: 'missing'; year: number; missing: (string | null)[] }
  /** January (the schedule publishes on 15 January), or a year outside the plan's period. */
  | { planId: string; status: 'not-due'; year: number }
  /** No such plan in the log: a planIds context value that names nothing (yet). */
  | { planId: string; status: 'no-plan'; year: number };

const MOSCOW = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Moscow',
  year: 'numeric',
  month: 'numeric',
});

/** The year whose report is due at `now`, and whether the 1 February deadline has passed. */
export function reportDue(now: Date): { year: number; overdue: boolean } {
  const parts = MOSCOW.formatToParts(now);
  const year = Number(parts.find((p) => p.type === 'year')?.value);
  const month = Number(parts.find((p) => p.type === 'month')?.value);
  return { year: year - 1, overdue: month >= 2 };
}

export async function checkPublications(
  store: Pick<EventStore, 'readStream' | 'streamVersion'>,
  planIds: readonly string[],
  now: Date,
): Promise<PublicationStatus[]> {
  const { year, overdue } = reportDue(now);
  const out: PublicationStatus[] = [];
  for (const planId of planIds) {
    const events = await store.readStream(planStreamId(planId));
    const plan = foldPlan(events.map((e) => parseEventData(e.type, e.schemaVersion, e.data)));
    if (!plan) out.push({ planId, status: 'no-plan', year });
    else if (!overdue || year < plan.fromYear || year > plan.toYear) out.push({ planId, status: 'not-due', year });
    else {
      const published = (await store.readStream(publicationStreamId(planId, year))).map((e) => {
        const event = parseEventData(e.type, e.schemaVersion, e.data);
        return event.type === 'YearlyReportPublished' ? (event.data.party ?? null) : undefined;
      });
      const missing = [null, ...plan.parties].filter((party) => !published.includes(party));
      out.push(
        missing.length === 0
          ? { planId, status: 'published', year, revisions: published.length }
          : { planId, status: 'missing', year, missing },
      );
    }
  }
  return out;
}
