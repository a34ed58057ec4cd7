// The parties' reports through the API and the publication job: ?party= on the report
// routes, one publication per party and the joint one on schedule, each reproducible
// from the log (the audit rebuilds a party's publication as that party's report).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { illustrativeSteps, loadIllustrative } from '../../scripts/lib/demo';
import { checkPublication } from '../../shared/audit';
import { runSteps } from '../../shared/commands/run-import';
import type { ReportModel } from '../../shared/report/model';
import type { Publication } from '../../shared/report/publish';
import { runYearlyReport } from '../../shared/report/yearly-report-job';
import { silentLogger } from '../../shared/runtime/logger';
import { type Harness, harness, importSeed, PLAN, SYSTEM } from './support';

const SPB = 'Санкт-Петербург';
const SMOLENSK = 'Смоленская область';
const R = `/v1/plans/${PLAN}/reports/2023`;
const q = (party: string) => `party=${encodeURIComponent(party)}`;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer());

let h: Harness;
let auditor: string;

beforeAll(async () => {
  h = await harness('http-party-report');
  await importSeed(h);
  const envelope = { actor: SYSTEM, at: '2024-01-10T09:00:00.000Z' };
  expect((await runSteps(h.system.store, illustrativeSteps(loadIllustrative(), envelope), envelope)).refused).toEqual(
    [],
  );
  auditor = await h.key('auditor');
  await h.project();
}, 60_000);
afterAll(() => h.close());

const executorIds = (model: ReportModel) =>
  model.sections.flatMap((s) => s.measures.flatMap((m) => m.executors.map((x) => x.executorId)));

describe('?party= on the live report', () => {
  it("gives the party's report: its executors and entries only", async () => {
    const res = await h.call('GET', `${R}?${q(SMOLENSK)}`, auditor);
    expect(res.status).toBe(200);
    const model = (await res.json()) as ReportModel;
    expect(model).toMatchObject({ party: SMOLENSK, parties: [SMOLENSK] });
    expect(executorIds(model).filter((id) => id.startsWith('spb-'))).toEqual([]);
    expect(model.sections.flatMap((s) => s.measures.flatMap((m) => m.entries))).toHaveLength(24);
    const joint = (await (await h.call('GET', R, auditor)).json()) as ReportModel;
    expect(joint.party).toBeNull();
    expect(joint.sections.flatMap((s) => s.measures.flatMap((m) => m.entries))).toHaveLength(29);
  });

  it('names the file after the party', async () => {
    const docx = await h.call('GET', `${R}?format=docx&${q(SPB)}`, auditor);
    expect(docx.headers.get('content-disposition')).toContain(`report-${PLAN}-2023-sankt-peterburg.docx`);
  });

  it('answers 404 party_not_found for a party the plan does not have, 400 for an empty one', async () => {
    const moscow = await h.call('GET', `${R}?${q('Москва')}`, auditor);
    expect(moscow.status).toBe(404);
    expect(await moscow.json()).toMatchObject({ code: 'party_not_found', party: 'Москва' });
    expect((await h.call('GET', `${R}?party=`, auditor)).status).toBe(400);
  });
});

describe('publication per party', () => {
  const deps = () => ({
    store: h.system.store,
    artifacts: h.system.artifacts,
    logger: silentLogger,
    now: () => new Date(),
  });
  const scheduled = { planId: PLAN, year: 'previous', eachParty: true, scheduledTime: '2024-01-15T03:00:00Z' };
  let run: Publication[];

  it('publishes the joint report and one per party of the plan, and a retried run returns them', async () => {
    run = await runYearlyReport(deps(), scheduled);
    expect(run.map((p) => [p.party, p.revision, p.trigger])).toEqual([
      [null, 1, 'schedule'],
      [SPB, 2, 'schedule'],
      [SMOLENSK, 3, 'schedule'],
    ]);
    // Built from one replay: the same position and chain hash.
    expect(new Set(run.map((p) => p.position)).size).toBe(1);
    const retry = await runYearlyReport(deps(), scheduled);
    expect(retry.map((p) => p.revision)).toEqual([1, 2, 3]);
    expect((await h.system.store.readStream(`report-${PLAN}-2023`)).length).toBe(3);
  });

  it("lists a party's revisions with ?party=, each recording its party", async () => {
    const list = (await (await h.call('GET', `${R}/published?${q(SPB)}`, auditor)).json()) as {
      revisions: { revision: number; party: string | null }[];
    };
    expect(list.revisions.map((r) => [r.revision, r.party])).toEqual([[2, SPB]]);
    const all = (await (await h.call('GET', `${R}/published`, auditor)).json()) as {
      revisions: { party: string | null }[];
    };
    expect(all.revisions.map((r) => r.party)).toEqual([null, SPB, SMOLENSK]);
  });

  it("serves a party's published file as hashed, equal to the live party report at that position", async () => {
    const spb = run[1]!;
    const docx = spb.artifacts.find((a) => a.format === 'docx')!;
    expect(docx.fileName).toBe(`report-${PLAN}-2023-sankt-peterburg.docx`);
    const published = await h.call('GET', `${R}/published/${spb.revision}?format=docx`, auditor);
    expect(sha(await bytes(published))).toBe(docx.sha256);
    const live = await h.call('GET', `${R}?format=docx&${q(SPB)}&asOfPosition=${spb.position}`, auditor);
    expect(sha(await bytes(live))).toBe(docx.sha256);
  });

  it("is reproduced by the audit as that party's report", async () => {
    for (const publication of run) {
      const check = await checkPublication(h.system.store, {
        planId: PLAN,
        year: 2023,
        revision: publication.revision,
      });
      expect([check.party, check.ok]).toEqual([publication.party, true]);
    }
  });

  it('publishes one party on demand, and refuses a party the plan does not have', async () => {
    const [one] = await runYearlyReport(deps(), { planId: PLAN, year: 2023, party: SMOLENSK, idempotencyKey: 'x' });
    expect(one).toMatchObject({ party: SMOLENSK, revision: 4, trigger: 'on-demand' });
    await expect(runYearlyReport(deps(), { planId: PLAN, year: 2023, party: 'Москва' })).rejects.toMatchObject({
      code: 'party_not_found',
    });
    await expect(
      runYearlyReport(deps(), { planId: PLAN, year: 2023, party: SPB, eachParty: true }),
    ).rejects.toMatchObject({ status: 400 });
  });
});
