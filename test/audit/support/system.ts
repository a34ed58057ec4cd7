// A system on isolated DynamoDB Local tables with the HTTP app in front, a clock the
// test moves, the seed imported through the real commands, and keys per role.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportPages, resolveExportRange } from '../../../shared/audit';
import { executeCommand } from '../../../shared/commands/execute';
import { runImport } from '../../../shared/commands/run-import';
import { type ActorRole, IssueApiKeySchema, parseOrThrow } from '../../../shared/domain';
import { newApiKey } from '../../../shared/http/api-keys';
import { type ApiApp, createApp } from '../../../shared/http/app';
import type { ApiDeps } from '../../../shared/http/deps';
import { silentLogger } from '../../../shared/runtime/logger';
import { apiDeps, createSystem, type System } from '../../../shared/runtime/system';
import type { EventStore } from '../../../shared/store/event-store';
import { createTestTables, type TestTables } from '../../support/dynamo';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SEED_PLAN = 'spb-smolensk-2021-2023';
export const SEED_AT = '2024-01-10T09:00:00.000Z';
const SYSTEM_ACTOR = { keyId: 'system', role: 'system' as const };

export interface AuditSystem {
  tables: TestTables;
  system: System;
  app: ApiApp;
  /** Moves the API's clock (the instant recorded on every write). */
  setClock(iso: string): void;
  drop(): Promise<void>;
}

export async function auditSystem(label: string, extra: Partial<ApiDeps> = {}): Promise<AuditSystem> {
  const tables = await createTestTables(label);
  const system = createSystem(tables.client, tables.names);
  let now = new Date(SEED_AT);
  const app = createApp(apiDeps(system, silentLogger, { clock: () => now, ...extra }));
  return { tables, system, app, setClock: (iso) => (now = new Date(iso)), drop: () => tables.drop() };
}

export async function importSeed(store: EventStore, at = SEED_AT): Promise<number> {
  const fixture: unknown = JSON.parse(fs.readFileSync(path.join(ROOT, 'shared/demo/seed-2023.json'), 'utf8'));
  const report = await runImport(store, fixture, { actor: SYSTEM_ACTOR, at });
  if (report.refused.length > 0) throw new Error(`the seed import refused: ${JSON.stringify(report.refused)}`);
  return (await store.head()).position;
}

/** Issues a key as the system actor; returns the bearer token and the key id. */
export async function issueKey(
  store: EventStore,
  role: ActorRole,
  at: string,
  executorId?: string,
): Promise<{ token: string; keyId: string }> {
  const key = newApiKey();
  const command = {
    ...parseOrThrow(
      IssueApiKeySchema,
      {
        type: 'IssueApiKey',
        keyId: key.keyId,
        secretHash: key.secretHash,
        role,
        label: `${role} key`,
        ...(executorId ? { executorId } : {}),
      },
      'key',
    ),
    actor: SYSTEM_ACTOR,
    at,
  };
  await executeCommand(store, command, { commandId: `test:key:${key.keyId}`, fingerprint: key.keyId, recordedAt: at });
  return { token: key.token, keyId: key.keyId };
}

/** `app.request` with a key. */
export function client(app: ApiApp, token: string) {
  return (url: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    // A FormData body sets its own multipart content type.
    if (typeof init.body === 'string') headers.set('content-type', 'application/json');
    return app.request(url, { ...init, headers });
  };
}

/** The whole log (or a range) as the export writes it. */
export async function exportText(store: EventStore, wanted: { from?: number; to?: number } = {}): Promise<string> {
  let text = '';
  for await (const page of exportPages(store, await resolveExportRange(store, wanted))) text += page.text;
  return text;
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'audit-test-'));
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm run audit -- …` (tsx scripts/audit.ts) as a child process. */
export function runAuditCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'scripts/audit.ts'), ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, encoding: 'buffer' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: stdout.toString('utf8'), stderr: stderr.toString('utf8') });
      },
    );
  });
}
