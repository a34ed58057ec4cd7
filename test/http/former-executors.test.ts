// Over HTTP on DynamoDB Local: a coordinator hands measure 9.1 to Saint Petersburg's sports
// committee alone (PATCH, accepted), and the 2023 report still names the Smolensk sports
// office beside the entries it reported, in the JSON and the CSV, live, as of a position
// and in the Smolensk region's report, and in a publication built by replaying the log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { illustrativeSteps, loadIllustrative } from '../../scripts/lib/demo';
import { runSteps } from '../../shared/commands/run-import';
import type { ReportModel } from '../../shared/report/model';
import { publishReport } from '../../shared/report/publish';
import { parseCsv } from '../report/support/csv-parse';
import { type Harness, harness, importSeed, PLAN, SYSTEM } from './support';

const R = `/v1/plans/${PLAN}/reports/2023`;
const SMOLENSK = 'Смоленская область';
const SPORT = 'Главное управление спорта Смоленской области';

let h: Harness;
let auditor: string;
let amendedAt: number;

beforeAll(async () => {
  h = await harness('http-former-executors');
  await importSeed(h);
  const envelope = { actor: SYSTEM, at: '2024-01-10T09:00:00.000Z' };
  expect((await runSteps(h.system.store, illustrativeSteps(loadIllustrative(), envelope), envelope)).refused).toEqual(
    [],
  );
  auditor = await h.key('auditor');
  const coordinator = await h.key('coordinator');
  const amended = await h.call('PATCH', `/v1/plans/${PLAN}/measures/9.1`, coordinator, {
    executors: [{ executorId: 'spb-sport-committee' }],
    reason: 'С 2024 года мероприятие ведет Санкт-Петербург',
  });
  expect(amended.status).toBe(201);
  amendedAt = ((await amended.json()) as { position: number }).position;
  await h.project();
}, 60_000);
afterAll(() => h.close());

const sport = (model: ReportModel) => model.sections.flatMap((s) => s.measures).find((m) => m.number === '9.1');

describe('the 2023 report after 9.1 was handed to Saint Petersburg alone', () => {
  it('the plan no longer names the Smolensk office', async () => {
    const res = await h.call('GET', `/v1/plans/${PLAN}/measures/9.1`, auditor);
    const measure = (await res.json()) as { executors: { executorId: string }[] };
    expect(measure.executors.map((x) => x.executorId)).toEqual(['spb-sport-committee']);
  });

  it('JSON: the Smolensk office is in the executor cell beside its entries', async () => {
    const model = (await (await h.call('GET', R, auditor)).json()) as ReportModel;
    expect(model.position).toBeGreaterThanOrEqual(amendedAt);
    const measure = sport(model);
    expect(measure?.executors.map((x) => [x.party, x.executorId, x.name])).toEqual([
      ['Санкт-Петербург', 'spb-sport-committee', 'Комитет по физической культуре и спорту Санкт-Петербурга'],
      [SMOLENSK, 'smolensk-sport-office', SPORT],
    ]);
    expect(measure?.entries.filter((e) => e.reportedBy === 'smolensk-sport-office')).toHaveLength(8);
  });

  it('CSV: column 5 names the office on each of its rows, and no row has it empty', async () => {
    const res = await h.call('GET', `${R}?format=csv`, auditor);
    expect(res.status).toBe(200);
    const [, ...rows] = parseCsv((await res.text()).slice(1));
    const office = rows.filter((row) => row[1] === '9.1.' && row[5] === SMOLENSK);
    expect(office).toHaveLength(8);
    expect(office.map((row) => row[4])).toEqual(Array(8).fill(SPORT));
    expect(rows.filter((row) => !row[4])).toEqual([]);
  });

  it("the Smolensk region's report and an as-of read after the amendment name it too", async () => {
    const party = (await (
      await h.call('GET', `${R}?party=${encodeURIComponent(SMOLENSK)}`, auditor)
    ).json()) as ReportModel;
    expect(sport(party)?.executors.map((x) => x.executorId)).toEqual(['smolensk-sport-office']);
    const asOf = (await (await h.call('GET', `${R}?asOfPosition=${amendedAt}`, auditor)).json()) as ReportModel;
    expect(sport(asOf)?.executors.map((x) => x.executorId)).toEqual(['spb-sport-committee', 'smolensk-sport-office']);
  });

  it('a publication (built by replaying the log) names it', async () => {
    const publication = await publishReport(h.system.store, h.system.artifacts, {
      planId: PLAN,
      year: 2023,
      party: null,
      trigger: 'on-demand',
      actor: SYSTEM,
      at: '2024-02-02T08:00:00.000Z',
    });
    await h.project();
    const res = await h.call('GET', `${R}/published/${publication.revision}?format=csv`, auditor);
    expect(res.status).toBe(200);
    const [, ...rows] = parseCsv((await res.text()).slice(1));
    expect(rows.filter((row) => row[1] === '9.1.' && row[4] === SPORT)).toHaveLength(8);
  });
});
