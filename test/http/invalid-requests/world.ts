// A ledger to send invalid requests to: the seed, a key for every kind of caller, one entry,
// and for each write route a request it accepts as it is (and ones a rule refuses).

import { expect } from 'vitest';
import { executeCommand } from '../../../shared/commands/execute';
import { runImport } from '../../../shared/commands/run-import';
import { newApiKey } from '../../../shared/http/api-keys';
import { createApp } from '../../../shared/http/app';
import { MemoryViewStore } from '../../../shared/projections/memory-view-store';
import { MemoryArtifactStore } from '../../../shared/report/artifact-store';
import { silentLogger } from '../../../shared/runtime/logger';
import type { EventStore } from '../../../shared/store/event-store';
import { MemoryEventStore } from '../../../shared/store/memory-event-store';
import { PLAN, SYSTEM, seedFixture } from '../support';
import type { Json, WriteRoute } from './document';

export type App = { request: (url: string, init: RequestInit) => Response | Promise<Response> };

/** Who calls: the three roles, keys limited to another plan or to a party, and the callers that are nobody. */
export const CALLERS = [
  'coordinator',
  'agency',
  'auditor',
  'otherPlan',
  'partyCoordinator',
  'none',
  'revoked',
  'unknown',
  'wrongSecret',
  'malformed',
] as const;

export type Caller = (typeof CALLERS)[number];

export const ANONYMOUS: Caller[] = ['none', 'revoked', 'unknown', 'wrongSecret', 'malformed'];

export interface World {
  app: App;
  store: EventStore;
  tokens: Record<Caller, string | null>;
  /** An entry on measure 9.1 (the sports office's), for corrections and withdrawals. */
  reportId: string;
  /** A key nobody revoked yet, for the revoke route, and one revoked. */
  spareKeyId: string;
  revokedKeyId: string;
}

/** The Idempotency-Key the coordinator and the agency each wrote with once, in the setup. */
export const USED_KEY = 'setup';

export const AGENCY = 'smolensk-sport-office';
const OTHER_PLAN = 'spb-smolensk-2031-2033';

export async function issueKey(
  store: EventStore,
  role: 'coordinator' | 'agency' | 'auditor',
  scope: { executorId?: string; party?: string; planIds?: string[] } = {},
) {
  const key = newApiKey();
  const at = new Date().toISOString();
  await executeCommand(
    store,
    {
      type: 'IssueApiKey',
      keyId: key.keyId,
      role,
      label: `${role} key`,
      secretHash: key.secretHash,
      ...scope,
      actor: SYSTEM,
      at,
    },
    { commandId: `key-${key.keyId}`, fingerprint: key.keyId, recordedAt: at },
  );
  return key;
}

/** The seed, keys for every caller, and one entry on measure 9.1. */
export async function populate(app: App, store: EventStore): Promise<World> {
  const coordinator = await issueKey(store, 'coordinator');
  const agency = await issueKey(store, 'agency', { executorId: AGENCY });
  // A coordinator of one plan that is not the seed's, and one of a party: the plan is both parties'.
  const plan = await app.request('/v1/plans', {
    method: 'POST',
    headers: { authorization: `Bearer ${coordinator.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      planId: OTHER_PLAN,
      title: 'План мероприятий на 2031-2033 годы',
      reportTitle: 'Плана мероприятий на 2031-2033 годы',
      parties: ['Санкт-Петербург', 'Смоленская область'],
      fromYear: 2031,
      toYear: 2033,
    }),
  });
  expect(plan.status).toBe(201);
  const otherPlan = await issueKey(store, 'coordinator', { planIds: [OTHER_PLAN] });
  const partyCoordinator = await issueKey(store, 'coordinator', { party: 'Санкт-Петербург' });
  const auditor = await issueKey(store, 'auditor');
  const revoked = await issueKey(store, 'coordinator');
  const spare = await issueKey(store, 'auditor');
  const at = new Date().toISOString();
  await executeCommand(
    store,
    { type: 'RevokeApiKey', keyId: revoked.keyId, reason: 'left', actor: SYSTEM, at },
    { commandId: `revoke-${revoked.keyId}`, fingerprint: revoked.keyId, recordedAt: at },
  );
  const entry = await app.request(`/v1/plans/${PLAN}/measures/9.1/executions`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${agency.token}`,
      'content-type': 'application/json',
      'idempotency-key': USED_KEY,
    },
    body: JSON.stringify({ period: { kind: 'day', date: '2023-06-01' }, text: 'Проведён турнир' }),
  });
  expect(entry.status).toBe(201);
  const executor = await app.request('/v1/executors', {
    method: 'POST',
    headers: {
      authorization: `Bearer ${coordinator.token}`,
      'content-type': 'application/json',
      'idempotency-key': USED_KEY,
    },
    body: JSON.stringify({ executorId: 'setup-executor', fullName: 'Исполнитель', party: 'Смоленская область' }),
  });
  expect(executor.status).toBe(201);
  const reportId = ((await entry.json()) as Json).ids.reportId as string;
  return {
    app,
    store,
    reportId,
    spareKeyId: spare.keyId,
    revokedKeyId: revoked.keyId,
    tokens: {
      coordinator: coordinator.token,
      agency: agency.token,
      auditor: auditor.token,
      otherPlan: otherPlan.token,
      partyCoordinator: partyCoordinator.token,
      none: null,
      revoked: revoked.token,
      unknown: newApiKey().token,
      wrongSecret: `rl_${auditor.keyId}_${newApiKey().secret}`,
      malformed: 'rl_not-a-key',
    },
  };
}

export async function memoryWorld(): Promise<World> {
  const store = new MemoryEventStore();
  const app = createApp({
    store,
    views: async () => new MemoryViewStore(),
    artifacts: new MemoryArtifactStore(),
    clock: () => new Date(),
    newId: () => crypto.randomUUID(),
    logger: silentLogger,
  });
  const seeded = await runImport(store, seedFixture(), { actor: SYSTEM, at: '2024-01-10T09:00:00.000Z' });
  expect(seeded.refused).toEqual([]);
  return populate(app, store);
}

/** A request each write route accepts as it is (the faults below make it invalid). */
export function validRequest(world: World, operationId: string): { params: Json; body: unknown } {
  switch (operationId) {
    case 'registerExecutor':
      return { params: {}, body: { executorId: 'spb-sport', fullName: 'Комитет по спорту', party: 'Санкт-Петербург' } };
    case 'renameExecutor':
      return {
        params: { id: 'smolensk-culture-dept' },
        body: { newName: 'Министерство культуры Смоленской области', effectiveDate: '2023-09-01' },
      };
    case 'liquidateExecutor':
      return { params: { id: 'smolensk-youth-office' }, body: { effectiveDate: '2023-12-01', note: 'Упразднено' } };
    case 'createPlan':
      return {
        params: {},
        body: {
          planId: 'spb-smolensk-2024-2026',
          title: 'План мероприятий на 2024-2026 годы',
          reportTitle: 'Плана мероприятий на 2024-2026 годы',
          parties: ['Санкт-Петербург', 'Смоленская область'],
          fromYear: 2024,
          toYear: 2026,
        },
      };
    case 'addSection':
      return { params: { planId: PLAN }, body: { number: '42', title: 'В области спорта' } };
    case 'addMeasure':
      return {
        params: { planId: PLAN },
        body: {
          number: '9.7',
          sectionNumber: '9',
          title: 'Турнир',
          term: '2023 год',
          fromYear: 2023,
          toYear: 2023,
          executors: [{ executorId: AGENCY, nameInPlan: 'Главное управление спорта' }],
        },
      };
    case 'amendMeasure':
      return {
        params: { planId: PLAN, number: '9.1' },
        body: { title: 'Новое название мероприятия', reason: 'Уточнено' },
      };
    case 'reportExecution':
      return {
        params: { planId: PLAN, number: '9.1' },
        body: {
          period: { kind: 'range', from: '2023-07-01', to: '2023-07-03' },
          text: 'Проведены соревнования',
          place: 'г. Смоленск',
          participants: 120,
          regions: 2,
        },
      };
    case 'correctExecution':
      return {
        params: { planId: PLAN, number: '9.1', reportId: world.reportId },
        body: { text: 'Проведён турнир по самбо', participants: 40, reason: 'Уточнено' },
      };
    case 'withdrawExecution':
      return { params: { planId: PLAN, number: '9.1', reportId: world.reportId }, body: { reason: 'Ошибка' } };
    case 'issueApiKey':
      return { params: {}, body: { role: 'agency', executorId: AGENCY, label: 'Спорт, второй ключ' } };
    case 'revokeApiKey':
      return { params: { keyId: world.spareKeyId }, body: { reason: 'Сотрудник уволился' } };
    case 'importDocument':
      return { params: {}, body: seedFixture() };
    case 'importWordReport':
      // Not a Word file: this route's base request is refused (400) whatever else is wrong.
      return { params: {}, body: { file: 'PK not really a docx', dryRun: 'true' } };
    default:
      throw new Error(`no valid request for ${operationId}: add one when a write route is added`);
  }
}

/** Ids of the right form that name nothing. */
export const MISSING: Record<string, string> = {
  planId: 'no-such-plan',
  number: '99.99',
  reportId: 'nosuchreport',
  id: 'no-such-executor',
  keyId: 'nosuchkey',
};

/** The valid request changed so that a rule refuses it (null: no such change for this route). */
export function conflicting(world: World, operationId: string, valid: { params: Json; body: unknown }) {
  const body = valid.body as Json;
  switch (operationId) {
    case 'registerExecutor':
      return { params: valid.params, body: { ...body, executorId: AGENCY } };
    case 'createPlan':
      return { params: valid.params, body: { ...body, planId: PLAN } };
    case 'addSection':
      return { params: valid.params, body: { ...body, number: '9' } };
    case 'addMeasure':
      return { params: valid.params, body: { ...body, number: '9.1' } };
    case 'liquidateExecutor':
      return { params: valid.params, body: { ...body, successorId: valid.params.id } };
    case 'reportExecution':
      return { params: valid.params, body: { ...body, period: { kind: 'none', year: 2030 } } };
    case 'correctExecution':
      return { params: valid.params, body: { reason: 'Ничего не меняется' } };
    case 'issueApiKey':
      return { params: valid.params, body: { ...body, executorId: 'no-such-executor' } };
    case 'revokeApiKey':
      return { params: { keyId: world.revokedKeyId }, body };
    default:
      return null;
  }
}

export const CONFLICTS = new Set([
  'registerExecutor',
  'createPlan',
  'addSection',
  'addMeasure',
  'liquidateExecutor',
  'reportExecution',
  'correctExecution',
  'issueApiKey',
  'revokeApiKey',
]);

/** The caller a route's valid request is made by: the agency for its own entries, else the coordinator. */
export const baseCaller = (route: WriteRoute): Caller => (route.roles.includes('agency') ? 'agency' : 'coordinator');
