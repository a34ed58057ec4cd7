// Scoped keys over HTTP: issued with a party and plans, carried on every request, held
// to their scope by the deciders (writes) and by the plan routes (reads); the scope is
// never written into the log's metadata, and the chain still verifies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness, importSeed, PLAN } from './support';

const SMOLENSK = 'Смоленская область';
const SPB = 'Санкт-Петербург';
const OTHER = 'other-plan';

let h: Harness;
let joint: string;
let smolensk: string;
let smolenskKeyId: string;
let planAuditor: string;

const codeOf = async (res: Response) => ((await res.json()) as { code: string }).code;

async function issue(token: string, body: Record<string, unknown>) {
  const res = await h.call('POST', '/v1/keys', token, { label: 'ключ', ...body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  h = await harness('http-scope');
  await importSeed(h);
  joint = await h.key('coordinator');
  const created = await h.call('POST', '/v1/plans', joint, {
    planId: OTHER,
    title: 'Другой план',
    reportTitle: 'другого плана',
    parties: [SPB, SMOLENSK],
    fromYear: 2023,
    toYear: 2024,
  });
  expect(created.status).toBe(201);
  await h.call('POST', '/v1/executors', joint, {
    executorId: 'spb-sport',
    fullName: 'Комитет по физической культуре и спорту',
    party: SPB,
  });
  const amended = await h.call('PATCH', `/v1/plans/${PLAN}/measures/9.1`, joint, {
    executors: [{ executorId: 'smolensk-sport-office' }, { executorId: 'spb-sport' }],
  });
  expect(amended.status).toBe(201);
  const issued = await issue(joint, { role: 'coordinator', party: SMOLENSK, planIds: [PLAN] });
  expect(issued.status).toBe(201);
  expect(issued.body).toMatchObject({ role: 'coordinator', party: SMOLENSK, planIds: [PLAN] });
  smolensk = issued.body.token as string;
  smolenskKeyId = (issued.body.ids as { keyId: string }).keyId;
  planAuditor = (await issue(joint, { role: 'auditor', planIds: [PLAN] })).body.token as string;
  await h.project();
}, 60_000);
afterAll(() => h.close());

describe('a coordinator key limited to a party and a plan', () => {
  it('says its scope on /v1/me', async () => {
    const me = await h.call('GET', '/v1/me', smolensk);
    expect(await me.json()).toEqual({ keyId: smolenskKeyId, role: 'coordinator', party: SMOLENSK, planIds: [PLAN] });
  });

  it("keeps its party's executors and entries, and is refused the other party's", async () => {
    const own = await h.call('POST', '/v1/executors', smolensk, {
      executorId: 'smolensk-new-dept',
      fullName: 'Министерство спорта Смоленской области',
      party: SMOLENSK,
    });
    expect(own.status).toBe(201);
    const other = await h.call('POST', '/v1/executors', smolensk, {
      executorId: 'spb-new',
      fullName: 'Комитет',
      party: SPB,
    });
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ code: 'executor_of_other_party', executorId: 'spb-new', party: SPB });

    const entry = { period: { kind: 'day', date: '2023-09-01' }, text: 'Турнир по самбо' };
    const mine = await h.call('POST', `/v1/plans/${PLAN}/measures/9.1/executions`, smolensk, {
      ...entry,
      executorId: 'smolensk-sport-office',
    });
    expect(mine.status).toBe(201);
    const theirs = await h.call('POST', `/v1/plans/${PLAN}/measures/9.1/executions`, smolensk, {
      ...entry,
      executorId: 'spb-sport',
    });
    expect(theirs.status).toBe(403);
    expect(await codeOf(theirs)).toBe('executor_of_other_party');
  });

  it('does not change the plan, nor act on another plan', async () => {
    const section = await h.call('POST', `/v1/plans/${PLAN}/sections`, smolensk, { number: '20', title: 'Раздел' });
    expect(section.status).toBe(403);
    expect(await codeOf(section)).toBe('party_key_cannot_change_plan');
    const elsewhere = await h.call('POST', `/v1/plans/${OTHER}/sections`, smolensk, { number: '1', title: 'Раздел' });
    expect(elsewhere.status).toBe(403);
    expect(await codeOf(elsewhere)).toBe('plan_out_of_scope');
  });

  it("issues its agencies' keys, never a broader key, and cannot revoke the joint coordinator's", async () => {
    const agency = await issue(smolensk, { role: 'agency', executorId: 'smolensk-sport-office', planIds: [PLAN] });
    expect(agency.status).toBe(201);
    const unlimited = await issue(smolensk, { role: 'agency', executorId: 'smolensk-sport-office' });
    expect(unlimited.status).toBe(403);
    expect(unlimited.body.code).toBe('key_plans_outside_scope');
    const spbAgency = await issue(smolensk, { role: 'agency', executorId: 'spb-sport', planIds: [PLAN] });
    expect(spbAgency.body.code).toBe('executor_of_other_party');
    const jointKeyId = ((await (await h.call('GET', '/v1/me', joint)).json()) as { keyId: string }).keyId;
    const revoke = await h.call('POST', `/v1/keys/${jointKeyId}/revoke`, smolensk, { reason: 'захват' });
    expect(revoke.status).toBe(403);
    expect(await codeOf(revoke)).toBe('key_party_outside_scope');
    // The joint key still works.
    expect((await h.call('GET', '/v1/me', joint)).status).toBe(200);
  });

  it('answers 400 for a party on an auditor key, 404 for a party the plan does not have', async () => {
    const auditorParty = await issue(joint, { role: 'auditor', party: SMOLENSK });
    expect(auditorParty.status).toBe(400);
    expect(auditorParty.body.errors).toEqual([expect.objectContaining({ path: 'party' })]);
    const moscow = await issue(joint, { role: 'coordinator', party: 'Москва', planIds: [PLAN] });
    expect(moscow.status).toBe(404);
    expect(moscow.body.code).toBe('party_not_found');
  });

  it('leaves the scope out of the events it writes; the chain verifies', async () => {
    const events = await h.system.store.readStream(`executor-smolensk-new-dept`);
    expect(events[0]!.metadata.actor).toEqual({ keyId: smolenskKeyId, role: 'coordinator' });
    const verdict = await (await h.call('GET', '/v1/audit/verify', joint)).json();
    expect(verdict).toMatchObject({ ok: true, integrity: { ok: true } });
  });
});

describe('an auditor key limited to a plan', () => {
  it("reads that plan's views, reports and publications", async () => {
    await h.project();
    expect((await h.call('GET', `/v1/plans/${PLAN}`, planAuditor)).status).toBe(200);
    expect((await h.call('GET', `/v1/plans/${PLAN}/measures/9.1`, planAuditor)).status).toBe(200);
    expect((await h.call('GET', `/v1/plans/${PLAN}/reports/2023?format=csv`, planAuditor)).status).toBe(200);
    expect((await h.call('GET', `/v1/plans/${PLAN}/reports/2023/published`, planAuditor)).status).toBe(200);
    const list = (await (await h.call('GET', '/v1/plans', planAuditor)).json()) as { plans: { planId: string }[] };
    expect(list.plans.map((p) => p.planId)).toEqual([PLAN]);
    expect(await (await h.call('GET', '/v1/plans', joint)).json()).toMatchObject({ plans: [{}, {}] });
  });

  it('reads no other plan', async () => {
    for (const url of [
      `/v1/plans/${OTHER}`,
      `/v1/plans/${OTHER}/reports/2023`,
      `/v1/plans/${OTHER}/reports/2023/published`,
      `/v1/plans/${OTHER}/reports/2023/changes`,
    ]) {
      const res = await h.call('GET', url, planAuditor);
      expect([url, res.status]).toEqual([url, 403]);
      expect(await codeOf(res)).toBe('plan_out_of_scope');
    }
  });

  it("reads its plan's streams and the executors', not the whole log", async () => {
    expect((await h.call('GET', `/v1/streams/measure-${PLAN}-9.1/events`, planAuditor)).status).toBe(200);
    expect((await h.call('GET', `/v1/streams/plan-${PLAN}/events`, planAuditor)).status).toBe(200);
    expect((await h.call('GET', '/v1/streams/executor-spb-sport/events', planAuditor)).status).toBe(200);
    for (const stream of [`plan-${OTHER}`, `apikey-${smolenskKeyId}`]) {
      const res = await h.call('GET', `/v1/streams/${stream}/events`, planAuditor);
      expect(res.status).toBe(403);
      expect(await codeOf(res)).toBe('stream_out_of_scope');
    }
    for (const url of ['/v1/events', '/v1/events/export']) {
      const res = await h.call('GET', url, planAuditor);
      expect(res.status).toBe(403);
      expect(await codeOf(res)).toBe('whole_log_out_of_scope');
    }
    expect((await h.call('GET', '/v1/audit/verify', planAuditor)).status).toBe(200);
    expect((await h.call('GET', '/v1/events', joint)).status).toBe(200);
  });

  it('lists the keys that reach its plan', async () => {
    const other = await issue(joint, { role: 'auditor', planIds: [OTHER] });
    await h.project();
    const { keys } = (await (await h.call('GET', '/v1/keys?limit=1000', planAuditor)).json()) as {
      keys: {
        keyId: string;
        planIds: string[] | null;
      }[];
    };
    const ids = keys.map((k) => k.keyId);
    expect(ids).toContain(smolenskKeyId);
    expect(ids).not.toContain((other.body.ids as { keyId: string }).keyId);
    expect(keys.every((k) => k.planIds === null || k.planIds.includes(PLAN))).toBe(true);
  });
});
