// The budget of a measure for a year under concurrency, against DynamoDB Local: with room for
// one more entry, entries sent at once from one process and from two (each its own cache)
// leave exactly one written; the others are decided again on the fresh state and refused.
// 9.1 names the sport office alone: the room is its line's half of the year's characters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TEXT_LENGTH, MAX_TEXT_PER_EXECUTOR_MEASURE_YEAR, measureStreamId } from '../../shared/domain';
import { createApp } from '../../shared/http/app';
import { createDynamoClient } from '../../shared/runtime/dynamo';
import { silentLogger } from '../../shared/runtime/logger';
import { apiDeps, createSystem } from '../../shared/runtime/system';
import { type Harness, harness, importSeed, PLAN } from '../http/support';

let h: Harness;
let sport: string;
let other: ReturnType<typeof createApp>;
const executions = `/v1/plans/${PLAN}/measures/9.1/executions`;
/** The longest entries: this many fill a line's share of a year's characters. */
const FULL = MAX_TEXT_PER_EXECUTOR_MEASURE_YEAR / MAX_TEXT_LENGTH;
const longest = (tag: string) => tag.padEnd(MAX_TEXT_LENGTH, 'ж');
const entry = (year: number, tag: string) => ({ period: { kind: 'none', year }, text: longest(tag) });

beforeAll(async () => {
  h = await harness('year-budget-race');
  await importSeed(h);
  sport = await h.key('agency', 'smolensk-sport-office');
  other = createApp(
    apiDeps(createSystem(createDynamoClient({ endpoint: h.tables.endpoint }), h.tables.names), silentLogger),
  );
});
afterAll(() => h.close());

/** Fills the sport office's share of the year but for one entry of the longest text, from this process. */
async function fillButOne(year: number) {
  for (let i = 0; i < FULL - 1; i++) {
    const res = await h.call('POST', executions, sport, entry(year, `${year}-${i}`));
    expect(res.status).toBe(201);
  }
}

const fromOther = (body: unknown) =>
  other.request(executions, {
    method: 'POST',
    headers: { authorization: `Bearer ${sport}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the last room of a year, asked for at once', () => {
  it('from one process: one entry of eight is written', async () => {
    await fillButOne(2021);
    const statuses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => h.call('POST', executions, sport, entry(2021, `race-${i}`))),
    ).then((responses) => responses.map((r) => r.status));
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
  });

  it('from two processes, each with its cache: one entry is written, the other refused', async () => {
    await fillButOne(2022);
    // The other process has the measure in its cache before the race.
    expect((await fromOther(entry(2023, 'warm'))).status).toBe(201);
    const before = await h.system.store.streamVersion(measureStreamId(PLAN, '9.1'));
    const [here, there] = await Promise.all([
      h.call('POST', executions, sport, entry(2022, 'here')),
      fromOther(entry(2022, 'there')),
    ]);
    expect([here.status, there.status].sort()).toEqual([201, 409]);
    const refused = (await (here.status === 409 ? here : there).json()) as Record<string, unknown>;
    expect(refused).toMatchObject({
      code: 'year_budget_exceeded',
      year: 2022,
      budget: 'executor_characters',
      used: MAX_TEXT_PER_EXECUTOR_MEASURE_YEAR,
    });
    expect(await h.system.store.streamVersion(measureStreamId(PLAN, '9.1'))).toBe(before + 1);
  });
});
