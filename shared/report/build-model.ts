// Builds the yearly report model from the views: a pure function of the views'
// content (itself a function of the log up to a position), the plan, the year and the
// party. A party's report holds that party's executors and their entries only (the
// seed is the Smolensk region's report); the joint report holds every party's, each
// measure's executors and entries grouped by party in the order of the plan's parties.
import { overlapsYear, refuse } from '../domain';
import type { PublishedCheckpoint } from '../domain/publication/events';
import { NotFoundError } from '../errors';
import type { ViewReader } from '../projections/view-store';
import { compareNatural } from '../projections/view-store';
import type { EntryDoc, MeasureDoc } from '../views/documents';
import { activeEntries, allMeasures, getPlanHeader, getSections } from '../views/queries';
import {
  APPENDIX_TITLE,
  type Footnote,
  REPORT_COLUMNS,
  type ReportMeasure,
  type ReportModel,
  type ReportSection,
} from './model';
import { type Known, loadDirectory, registeredName, unnamedReporters } from './report-executors';
import { formatDateNumeric, formatPeriod, periodEnd, periodStart } from './russian-dates';

export interface BuildReportOptions {
  planId: string;
  year: number;
  /** The log position the views reflect, and the chain hash there. */
  position: number;
  chainHash: string;
  /** Add the measures without any entry for the year as an appendix. */
  includeAppendix?: boolean;
  /** The party whose report it is (one of the plan's parties); absent or null: the joint report. */
  party?: string | null | undefined;
  /** A publication's signed checkpoint of the log at `position`: its footer prints it. */
  checkpoint?: PublishedCheckpoint | undefined;
}

/** Why an executor gets a mark: renamed or liquidated on or before the end of the year. */
function footnoteText(executor: Known, year: number, directory: Map<string, Known>): string | null {
  const end = `${year}-12-31`;
  const parts: string[] = [];
  for (const rename of executor.names.slice(1)) {
    if (rename.effectiveDate !== null && rename.effectiveDate <= end) {
      parts.push(`переименовано с ${formatDateNumeric(rename.effectiveDate)} года в ${rename.name}`);
    }
  }
  const liquidation = executor.doc.liquidation;
  if (liquidation && liquidation.effectiveDate <= end) {
    let text = `ликвидировано с ${formatDateNumeric(liquidation.effectiveDate)} года`;
    const successor = liquidation.successorId ? directory.get(liquidation.successorId) : undefined;
    if (successor) text += `, создан ${nameAt(successor, end)}`;
    if (liquidation.note) text += `; ${liquidation.note}`;
    parts.push(text);
  }
  return parts.length ? parts.join('; ') : null;
}

/** The executor's name in force on a day: its short form («АНО «…»») where it has one. */
function nameAt(executor: Known, day: string): string {
  let current = executor.names[0];
  for (const entry of executor.names.slice(1))
    if (entry.effectiveDate !== null && entry.effectiveDate <= day) current = entry;
  return current ? (current.shortName ?? current.name) : (executor.doc.shortName ?? executor.doc.fullName);
}

/** The parties in report order: the plan's, then any other an executor named here belongs to. */
function partyOrder(planParties: readonly string[], found: Iterable<string>): string[] {
  const order = [...planParties];
  for (const party of found) if (!order.includes(party)) order.push(party);
  return order;
}

/** Stable grouping by party in `order`; within a party the items keep their order. */
function byParty<T extends { party: string }>(items: T[], order: readonly string[]): T[] {
  const rank = (item: T) => order.indexOf(item.party);
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => rank(a.item) - rank(b.item) || a.index - b.index)
    .map((x) => x.item);
}

/** The plan, when it exists and its years cover `year`; else 404 (`plan_not_found`, `year_outside_plan`). */
export async function requireReportYear(views: ViewReader, planId: string, year: number) {
  const plan = await getPlanHeader(views, planId);
  if (year < plan.fromYear || year > plan.toYear) {
    throw new NotFoundError(
      'year_outside_plan',
      `Plan ${planId} covers ${plan.fromYear}-${plan.toYear}, not ${year}.`,
      {
        planId,
        year,
      },
    );
  }
  return plan;
}

export async function buildReportModel(views: ViewReader, options: BuildReportOptions): Promise<ReportModel> {
  const { planId, year } = options;
  const party = options.party ?? null;
  const plan = await requireReportYear(views, planId, year);
  if (party !== null && !plan.parties.includes(party)) {
    refuse('party_not_found', `Plan ${planId} has no party ${party}; its parties: ${plan.parties.join(', ')}`, {
      party,
    });
  }
  const planSections = await getSections(views, planId);
  const measures = await allMeasures(views, planId);
  // Only measures with an entry touching the year are read entry by entry.
  const entriesOf = new Map<string, EntryDoc[]>();
  for (const measure of measures) {
    if (!measure.entriesByYear[String(year)]) continue;
    const entries = await activeEntries(views, planId, measure.number);
    entriesOf.set(
      measure.number,
      entries.filter((entry) => overlapsYear(entry.period, year)),
    );
  }
  const reporters = [...entriesOf.values()].flat().map((entry) => entry.executorId);
  const executors = await loadDirectory(views, [
    ...measures.flatMap((m) => m.executors.map((x) => x.executorId)),
    ...reporters,
  ]);
  const partyOf = (executorId: string) => executors.get(executorId)?.doc.party ?? '';
  const order =
    party !== null
      ? [party]
      : partyOrder(
          plan.parties,
          [...executors.values()].map((x) => x.doc.party),
        );
  const inReport = (item: { party: string }) => party === null || item.party === party;
  const cells = new Map<string, { executorId: string; name: string }[]>();
  for (const measure of measures) cells.set(measure.number, executorCell(measure, entriesOf, executors));

  const marks = new Map<string, string>();
  const footnotes: Footnote[] = [];
  const markFor = (executorId: string): string => {
    const known = marks.get(executorId);
    if (known !== undefined) return known;
    const executor = executors.get(executorId);
    const text = executor ? footnoteText(executor, year, executors) : null;
    const mark = text ? '*'.repeat(footnotes.length + 1) : '';
    if (text) footnotes.push({ mark, executorId, text });
    marks.set(executorId, mark);
    return mark;
  };

  const toReportMeasure = (measure: MeasureDoc): ReportMeasure => ({
    number: measure.number,
    label: `${measure.number}.`,
    title: measure.title,
    term: measure.term,
    executors: byParty(
      (cells.get(measure.number) ?? [])
        .map((x) => ({ executorId: x.executorId, name: x.name, mark: '', party: partyOf(x.executorId) }))
        .filter(inReport),
      order,
    ),
    entries: byParty(
      (entriesOf.get(measure.number) ?? [])
        .map((entry) => ({
          reportId: entry.reportId,
          text: entry.text,
          period: entry.period,
          periodText: formatPeriod(entry.period),
          periodStart: periodStart(entry.period),
          periodEnd: periodEnd(entry.period),
          place: entry.place,
          participants: entry.participants,
          regions: entry.regions,
          reportedBy: entry.executorId,
          party: partyOf(entry.executorId),
          position: entry.position,
        }))
        .filter(inReport),
      order,
    ),
  });

  const sectionsOf = (selected: ReportMeasure[]): ReportSection[] =>
    [...planSections]
      .sort((a, b) => compareNatural(a.number, b.number))
      .map((section) => ({
        number: section.number,
        title: section.title,
        heading: `${section.number}. ${section.title}`,
        measures: selected.filter((m) => sectionOf(m.number, measures) === section.number),
      }))
      .filter((section) => section.measures.length > 0);

  // A party's report leaves out the measures where the party has neither an executor nor an entry.
  const built = measures.map(toReportMeasure).filter((m) => m.executors.length > 0 || m.entries.length > 0);
  const reported = built.filter((m) => m.entries.length > 0);
  const silent = built.filter((m) => m.entries.length === 0 && inPlanYears(m.number, measures, year));
  const sections = sectionsOf(reported);
  const appendix = options.includeAppendix ? { title: APPENDIX_TITLE, sections: sectionsOf(silent) } : null;
  // Marks are numbered in reading order: the table first, then the appendix.
  for (const section of [...sections, ...(appendix?.sections ?? [])]) {
    for (const measure of section.measures)
      for (const executor of measure.executors) executor.mark = markFor(executor.executorId);
  }

  const headingFirst = `Отчет об исполнении в ${year} году`;
  return {
    planId,
    year,
    party,
    parties: order,
    position: options.position,
    chainHash: options.chainHash,
    ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
    heading: `${headingFirst} ${plan.reportTitle}`,
    headingLines: [headingFirst, plan.reportTitle],
    columns: REPORT_COLUMNS,
    sections,
    footnotes,
    appendix,
  };
}

/**
 * A measure's executor cell before the party filter: the executors the plan names, then
 * those who reported a shown entry but are no longer named, so the year's report names who
 * did the work that year. Such an executor is named as it was registered (the wording a plan
 * takes by default), its renames and liquidation in its footnote like any other's; the
 * plan's own wording of it is in the measure's history, which is not read: that grows with
 * every correction, and a report would then read without bound.
 */
function executorCell(
  measure: MeasureDoc,
  entriesOf: ReadonlyMap<string, EntryDoc[]>,
  directory: ReadonlyMap<string, Known>,
): { executorId: string; name: string }[] {
  const named = measure.executors.map((x) => ({ executorId: x.executorId, name: x.nameInPlan }));
  const reporters = (entriesOf.get(measure.number) ?? []).map((entry) => entry.executorId);
  const former = unnamedReporters(
    named.map((x) => x.executorId),
    reporters,
    directory,
  );
  return [...named, ...former.map((id) => ({ executorId: id, name: registeredName(directory.get(id), id) }))];
}

function sectionOf(number: string, measures: MeasureDoc[]): string | undefined {
  return measures.find((m) => m.number === number)?.sectionNumber;
}

function inPlanYears(number: string, measures: MeasureDoc[], year: number): boolean {
  const m = measures.find((x) => x.number === number);
  return m !== undefined && year >= m.fromYear && year <= m.toYear;
}
