// What shared/ code reports as numbers (appends, conflicts, refusals, lag). Entry points
// pass an implementation in: Powertools Metrics on Lambda, nothing locally. Names are
// CamelCase and stable: alarms and the dashboard refer to them.
export type MetricUnit = 'Count' | 'Milliseconds' | 'Bytes' | 'None';

export interface Metrics {
  /** Adds `value` (default 1) to a counter, optionally split by one dimension. */
  count(name: string, value?: number, dimension?: { name: string; value: string }): void;
  /** Records one observation (a lag, a duration, a batch size). */
  observe(name: string, value: number, unit?: MetricUnit): void;
}

export const noMetrics: Metrics = {
  count: () => {},
  observe: () => {},
};
