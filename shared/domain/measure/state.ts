// A measure's current facts and its execution entries, folded from its stream.
// null: never added. An entry's text (up to 10,000 characters) is kept as its SHA-256:
// the decisions only ask whether a correction changes it, and a measure may gather any
// number of entries, so the state a write is decided on stays small however long they are.
import { createHash } from 'node:crypto';
import type { Period } from '../period';
import type { ExecutionCorrected, MeasureEvent, MeasureExecutor } from './events';
import { Reports } from './reports';

export interface ExecutionReport {
  reportId: string;
  executorId: string;
  period: Period;
  /** SHA-256 (hex) of the entry's text; `textDigest(text)`. */
  textDigest: string;
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
}

export type MeasureState = Measure | null;

export const initialMeasureState: MeasureState = null;

export function evolveMeasure(state: MeasureState, event: MeasureEvent): MeasureState {
  if (event.type === 'MeasureAdded') return { ...event.data, reports: Reports.empty() };
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
        place: place ?? null,
        participants: participants ?? null,
        regions: regions ?? null,
        withdrawal: null,
      };
      return { ...state, reports: state.reports.with(report) };
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
  return report ? { ...state, reports: state.reports.with(change(report)) } : state;
}

function applyCorrection(report: ExecutionReport, correction: ExecutionCorrected): ExecutionReport {
  const { planId: _planId, number: _number, reportId: _reportId, reason: _reason, text, ...changes } = correction;
  return { ...report, ...changes, ...(text !== undefined && { textDigest: textDigest(text) }) };
}

/** What the state keeps of an entry's text. */
export function textDigest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function findReport(measure: Measure, reportId: string): ExecutionReport | undefined {
  return measure.reports.get(reportId);
}
