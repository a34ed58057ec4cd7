// What every benchmark section shares: a table of results printed at the end, the
// same numbers as JSON, percentiles and a timer.
import { performance } from 'node:perf_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export type Row = { what: string; value: string; detail: string };
export const rows: Row[] = [];
export const results: Record<string, number> = {};
export const say = (line: string) => process.stdout.write(`${line}\n`);

export function record(key: string, what: string, value: number, unit: string, detail = '') {
  results[key] = Math.round(value * 100) / 100;
  const shown =
    value >= 100 ? Math.round(value).toLocaleString('en-US') : value >= 10 ? value.toFixed(1) : value.toFixed(2);
  rows.push({ what, value: `${shown} ${unit}`, detail });
}

export function heading(title: string) {
  rows.push({ what: `— ${title}`, value: '', detail: '' });
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export async function timed<T>(body: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await body();
  return { ms: performance.now() - start, value };
}

export function printTable() {
  const width = (key: keyof Row) => Math.max(...rows.map((r) => r[key].length));
  const [w1, w2] = [width('what'), width('value')];
  say('');
  for (const row of rows) say(`  ${row.what.padEnd(w1)}  ${row.value.padStart(w2)}  ${row.detail}`);
}

/** Counts the DynamoDB calls a client sends (SDK middleware), for "calls per …" figures. */
export function countCalls(client: DynamoDBClient) {
  const name = `benchCallCounter${++counters}`;
  const counter = { calls: 0, detach: () => client.middlewareStack.remove(name) };
  client.middlewareStack.add(
    (next) => async (args) => {
      counter.calls++;
      return next(args);
    },
    { step: 'initialize', name },
  );
  return counter;
}
let counters = 0;
