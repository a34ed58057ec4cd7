// A measure's current facts and its execution entries, folded from its stream.
// null: never added. An entry's text (up to 10,000 characters) is kept as its SHA-256:
// the decisions only ask whether a correction changes it, and a measure may gather any
// number of entries, so the state a write is decided on stays small however long they are.
// It keeps the text's length, and per report year a tally of the live entries and their
// characters (./year-budget): what the budget is decided on, without the texts.
import { createHash } from 'node:crypto';
import type { Period } from '../period';
import type { ExecutionCorrected, MeasureEvent, MeasureExecutor } from './events';
import { Reports } from './reports';
import { retally, type YearTallies } from './year-budget';

export interface ExecutionReport {
  reportId: string;
  executorId: string;
  period: Period;
  /** SHA-256 (hex) of the entry's text; `textDigest(text)`. */
  textDigest: string;
  /** The text's length in UTF-16 code units (what its budget counts). */
  textLength: number;
  place: string | null;
  participants: number | null;
  regions: number | null;
  withdrawal: { reason: string } | null;
}

export interface Measure {
  planId: string;
  number: string;
  sectionNumber: string;
  title: string;
  term: string;
  fromYear: number;
  toYear: number;
  executors: MeasureExecutor[];
  /** In the order reported; adding one does not copy the others (./reports). */
  reports: Reports;
  /** Per report year: its live entries and their characters (./year-budget). */
  years: YearTallies;
}

export type MeasureState = Measure | null;

export const initialMeasureState: MeasureState = null;

export function evolveMeasure(state: MeasureState, event: MeasureEvent): MeasureState {
  if (event.type === 'MeasureAdded') return { ...event.data, reports: Reports.empty(), years: {} };
  if (!state) return state;
  switch (event.type) {
    case 'MeasureAmended': {
      const { planId: _planId, number: _number, reason: _reason, ...changes } = event.data;
      return { ...state, ...changes };
    }
    case 'ExecutionReported': {
      const { reportId, executorId, period, text, place, participants, regions } = event.data;
      const report: ExecutionReport = {
        reportId,
        executorId,
        period,
        textDigest: textDigest(text),
        textLength: text.length,
        place: place ?? null,
        participants: participants ?? null,
        regions: regions ?? null,
        withdrawal: null,
      };
      return withReport(state, state.reports.get(reportId), report);
    }
    case 'ExecutionCorrected':
      return updateReport(state, event.data.reportId, (report) => applyCorrection(report, event.data));
    case 'ExecutionWithdrawn':
      return updateReport(state, event.data.reportId, (report) => ({
        ...report,
        withdrawal: { reason: event.data.reason },
      }));
  }
}

function updateReport(state: Measure, reportId: string, change: (report: ExecutionReport) => ExecutionReport): Measure {
  const report = state.reports.get(reportId);
  return report ? withReport(state, report, change(report)) : state;
}

/** The state with `before` (if any) replaced by `after`, its year tallies moved to match. */
function withReport(state: Measure, before: ExecutionReport | undefined, after: ExecutionReport): Measure {
  return { ...state, reports: state.reports.with(after), years: retally(state.years, before, after) };
}

function applyCorrection(report: ExecutionReport, correction: ExecutionCorrected): ExecutionReport {
  const { planId: _planId, number: _number, reportId: _reportId, reason: _reason, text, ...changes } = correction;
  return {
    ...report,
    ...changes,
    ...(text !== undefined && { textDigest: textDigest(text), textLength: text.length }),
  };
}

/** What the state keeps of an entry's text. */
export function textDigest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function findReport(measure: Measure, reportId: string): ExecutionReport | undefined {
  return measure.reports.get(reportId);
}
