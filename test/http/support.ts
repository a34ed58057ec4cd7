// An API wired to isolated tables on DynamoDB Local, with keys and a projector
// that tests run explicitly (so what the views show is never a race).
import fs from 'node:fs';
import path from 'node:path';
import { executeCommand } from '../../shared/commands/execute';
import { runImport } from '../../shared/commands/run-import';
import { newApiKey } from '../../shared/http/api-keys';
import { createApp } from '../../shared/http/app';
import type { ApiDeps } from '../../shared/http/deps';
import { catchUp } from '../../shared/projections/projector';
import { advanceTree } from '../../shared/projections/tree-follower';
import { silentLogger } from '../../shared/runtime/logger';
import { apiDeps, createSystem, type System } from '../../shared/runtime/system';
import { ledgerProjection } from '../../shared/views/ledger-projection';
import { createTestTables, type TestTables } from '../support/dynamo';

export const SYSTEM = { keyId: 'system', role: 'system' as const };
export const seedFixture = () =>
  JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../shared/demo/seed-2023.json'), 'utf8'));
export const PLAN = 'spb-smolensk-2021-2023';

export interface Harness {
  tables: TestTables;
  system: System;
  app: ReturnType<typeof createApp>;
  key(role: 'coordinator' | 'agency' | 'auditor', executorId?: string): Promise<string>;
  project(): Promise<void>;
  call(
    method: string,
    url: string,
    token: string | null,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  close(): Promise<void>;
}

export async function harness(label: string, overrides: Partial<ApiDeps> = {}): Promise<Harness> {
  const tables = await createTestTables(label);
  const system = createSystem(tables.client, tables.names);
  const app = createApp(apiDeps(system, silentLogger, overrides));
  let n = 0;
  return {
    tables,
    system,
    app,
    async key(role, executorId) {
      const key = newApiKey();
      const at = new Date().toISOString();
      const command = {
        type: 'IssueApiKey' as const,
        keyId: key.keyId,
        role,
        label: `${role} ${++n}`,
        secretHash: key.secretHash,
        ...(executorId ? { executorId } : {}),
        actor: SYSTEM,
        at,
      };
      await executeCommand(system.store, command, {
        commandId: `test-key-${key.keyId}`,
        fingerprint: key.keyId,
        recordedAt: at,
      });
      return key.token;
    },
    async project() {
      const result = await catchUp(system.store, await system.views(), ledgerProjection);
      if (result.status === 'failed') throw result.error;
      await advanceTree(system.tree, system.store, result.checkpoint.position);
    },
    call(method, url, token, body, headers = {}) {
      const init: RequestInit = {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      };
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
      }
      return Promise.resolve(app.request(url, init));
    },
    close: () => tables.drop(),
  };
}

export async function importSeed(h: Harness): Promise<void> {
  const report = await runImport(h.system.store, seedFixture(), { actor: SYSTEM, at: '2024-01-10T09:00:00.000Z' });
  if (report.refused.length) throw new Error(`seed refused: ${JSON.stringify(report.refused)}`);
}
