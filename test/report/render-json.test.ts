import { describe, expect, it } from 'vitest';
import { type ReportModel, ReportModelSchema } from '../../shared/report/model';
import { renderJson } from '../../shared/report/render-json';
import { reportModel2023 } from '../fixtures/report-model-2023';

/** The same value with every object's keys in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversedKeys(v)]),
  );
}

const json = renderJson(reportModel2023());

describe('renderJson', () => {
  it('writes two-space indented JSON with a trailing newline, non-ASCII as is', () => {
    expect(json.startsWith('{\n  "planId": "spb-smolensk-2021-2023",\n  "year": 2023,\n')).toBe(true);
    expect(json.endsWith('}\n')).toBe(true);
    expect(json).toContain('«Смоленский терем»');
  });

  it('reads back as the model it was written from', () => {
    expect(ReportModelSchema.parse(JSON.parse(json))).toEqual(reportModel2023());
  });

  it('orders keys as the schema declares them, whatever order the model was built in', () => {
    const shuffled = reversedKeys(reportModel2023()) as ReportModel;
    expect(Object.keys(shuffled)[0]).toBe('appendix');
    expect(renderJson(shuffled)).toBe(json);
    const entry = json.indexOf('"reportId": "rep-2023-0057"');
    expect(json.indexOf('"text":', entry)).toBeLessThan(json.indexOf('"period":', entry));
    expect(json.indexOf('"period":', entry)).toBeLessThan(json.indexOf('"position":', entry));
  });

  it('leaves out keys the schema does not know', () => {
    const model = Object.assign(reportModel2023(), { internalNote: 'не для публикации' });
    expect(renderJson(model)).toBe(json);
  });
});
