// The pages against the JSON API for the same data, over HTTP on a local port: time to
// first byte of a page (session cookie checked against the key, views read, HTML
// rendered) and of the API route it mirrors (bearer key, views read, JSON). Target: a
// page at most 1.5x the API.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { serve } from '@hono/node-server';
import { executeCommand } from '../../shared/commands/execute';
import { runImport } from '../../shared/commands/run-import';
import { tableNames } from '../../shared/config/tables';
import { newApiKey } from '../../shared/http/api-keys';
import { createApp } from '../../shared/http/app';
import { catchUp } from '../../shared/projections/projector';
import { silentLogger } from '../../shared/runtime/logger';
import { apiDeps, createSystem } from '../../shared/runtime/system';
import { ensureTables } from '../../shared/store/tables-admin';
import { ledgerProjection } from '../../shared/views/ledger-projection';
import { loadSeedFixture } from '../lib/seed';
import { heading, percentile, record, say } from './report';

const PLAN = 'spb-smolensk-2021-2023';
const SYSTEM = { keyId: 'system', role: 'system' as const };
const SAMPLES = 40;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** Milliseconds until the response's status line and headers arrive; the body is drained. */
function ttfb(url: string, headers: Record<string, string>): Promise<{ ms: number; status: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const request = http.get(url, { agent, headers }, (response) => {
      const ms = performance.now() - start;
      response.resume();
      response.on('end', () => resolve({ ms, status: response.statusCode ?? 0 }));
    });
    request.on('error', reject);
  });
}

async function issueKey(store: Parameters<typeof executeCommand>[0], role: 'agency' | 'auditor', executorId?: string) {
  const key = newApiKey();
  const at = new Date().toISOString();
  await executeCommand(
    store,
    {
      type: 'IssueApiKey',
      keyId: key.keyId,
      role,
      label: `bench ${role}`,
      secretHash: key.secretHash,
      ...(executorId ? { executorId } : {}),
      actor: SYSTEM,
      at,
    },
    { commandId: `bench-${key.keyId}`, fingerprint: key.keyId, recordedAt: at },
  );
  return key.token;
}

/** Signs in as a browser would; the session cookie. */
async function signIn(url: string, token: string): Promise<string> {
  const form = await fetch(`${url}/sign-in`);
  const presign = (form.headers.get('set-cookie') ?? '').split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const answer = await fetch(`${url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: presign, origin: url },
    body: new URLSearchParams({ _csrf: csrf, key: token }).toString(),
  });
  const session = answer.headers.getSetCookie().find((line) => line.startsWith('rl_session='));
  if (!session) throw new Error(`sign-in failed: ${answer.status}`);
  return session.split(';')[0]!;
}

export async function pagesBenchmarks(client: DynamoDBClient) {
  heading('pages: time to first byte against the JSON API');
  const names = tableNames('bench-pages');
  await ensureTables(client, names);
  const system = createSystem(client, names);
  await runImport(system.store, loadSeedFixture(), { actor: SYSTEM, at: new Date().toISOString() });
  const agency = await issueKey(system.store, 'agency', 'smolensk-sport-office');
  const auditor = await issueKey(system.store, 'auditor');
  await catchUp(system.store, await system.views(), ledgerProjection);
  const app = createApp(
    apiDeps(system, silentLogger, { pagesSessionSecret: 'bench-pages-session-secret-32-bytes-long!' }),
  );
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const sessions = { agency: await signIn(url, agency), auditor: await signIn(url, auditor) };
    const pairs = [
      {
        key: 'Measure',
        what: 'a measure with its entries',
        page: [`/agency/plans/${PLAN}/measures/9.1?year=2023`, { cookie: sessions.agency }],
        api: [`/v1/plans/${PLAN}/measures/9.1`, { authorization: `Bearer ${agency}` }],
      },
      {
        key: 'Plan',
        what: 'the plan view',
        page: [`/audit/plan?plan=${PLAN}`, { cookie: sessions.auditor }],
        api: [`/v1/plans/${PLAN}`, { authorization: `Bearer ${auditor}` }],
      },
      {
        key: 'Log',
        what: 'a page of the event log',
        page: ['/audit/events', { cookie: sessions.auditor }],
        api: ['/v1/events', { authorization: `Bearer ${auditor}` }],
      },
      {
        key: 'Report',
        what: 'the 2023 report (HTML file vs JSON)',
        page: [`/report/file?plan=${PLAN}&year=2023&format=html`, { cookie: sessions.auditor }],
        api: [`/v1/plans/${PLAN}/reports/2023?format=json`, { authorization: `Bearer ${auditor}` }],
      },
    ] as const;
    for (const pair of pairs) {
      const times = { page: [] as number[], api: [] as number[] };
      // Warm-up, then alternate so both see the same machine.
      for (let i = 0; i < SAMPLES + 5; i++) {
        for (const side of ['page', 'api'] as const) {
          const [path, headers] = pair[side];
          const { ms, status } = await ttfb(`${url}${path}`, headers);
          if (status !== 200) throw new Error(`${path} answered ${status}`);
          if (i >= 5) times[side].push(ms);
        }
      }
      const page = percentile(times.page, 50);
      const api = percentile(times.api, 50);
      record(`pages${pair.key}TtfbP50Ms`, `page TTFB, ${pair.what}, p50`, page, 'ms', pair.page[0].split('?')[0]);
      record(`api${pair.key}TtfbP50Ms`, `API TTFB, ${pair.what}, p50`, api, 'ms', pair.api[0].split('?')[0]);
      record(`pages${pair.key}TtfbRatio`, `page ÷ API, ${pair.what}`, page / api, 'x', 'target ≤ 1.5');
    }
    say(`  ${SAMPLES} requests per side and pair, alternating, one keep-alive connection`);
  } finally {
    agent.destroy();
    server.close();
  }
}
