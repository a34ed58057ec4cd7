// `npm start`: the whole system on this machine. DynamoDB Local (data in .data/,
// or --in-memory), the tables, the API on PORT, the local projector, a coordinator
// key on first run (saved in .data/coordinator-key.txt; --in-memory issues the saved
// one again), and the demo data in an empty store (--no-demo skips it): the seed, and
// an illustrative Saint Petersburg part that is not from the seed (scripts/lib/demo.ts).
import fs from 'node:fs';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { lastCheckpointAt, recordCheckpoint } from '../shared/audit/checkpoints';
import { PAGES_SESSION_SECRET_ENV } from '../shared/config/pages';
import { parseToken } from '../shared/http/api-keys';
import { createApp } from '../shared/http/app';
import { verifierKeyOf } from '../shared/merkle/checkpoint';
import { wake } from '../shared/projections/wake';
import { createLogger, type LogLevel } from '../shared/runtime/logger';
import { apiDeps } from '../shared/runtime/system';
import { Snapshotter } from '../shared/snapshots/snapshotter';
import { ledgerProjection } from '../shared/views/ledger-projection';
import { ensureCoordinatorKey, SYSTEM_ACTOR } from './lib/bootstrap';
import { loadDemo } from './lib/demo';
import { JavaMissingError } from './lib/dynamo-local';
import { DATA_DIR, openLocalSystem, PortInUseError } from './lib/local-env';
import { startLocalProjector } from './lib/local-projector';
import { loadOrCreateSigningKey, localOrigin, prefixOf, SIGNING_KEY_FILE } from './lib/signing-key';
import { startOptions } from './lib/start-options';

const options = startOptions(process.argv.slice(2), process.env);
const USAGE = `Usage: npm start [-- --in-memory] [--no-demo]
  --in-memory  DynamoDB Local in memory: nothing is kept in .data/ (the saved key is issued again)
  --no-demo    leave an empty store empty (no demo data)
  (npm start --in-memory, without the --, reaches npm as its config: it is taken from there too)
Environment (README, "Quick start"): PORT (3000), HOST (127.0.0.1), DYNAMODB_PORT (8000),
  DYNAMODB_ENDPOINT, TABLE_PREFIX (roadmap), ROADMAP_BOOTSTRAP_KEY, PAGES_SESSION_SECRET,
  LOG_LEVEL (info).
`;
if (options.unknown.length > 0) {
  process.stderr.write(`npm start: unknown option ${options.unknown.join(' ')}\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const { inMemory, withDemo } = options;
const port = Number(process.env.PORT || 3000);
const logger = createLogger({
  level: (process.env.LOG_LEVEL as LogLevel | undefined) ?? 'info',
  base: { app: 'local' },
});
const say = (line: string) => process.stdout.write(`${line}\n`);
const KEY_FILE = path.join(DATA_DIR, 'coordinator-key.txt');
const KEY_FILE_SHOWN = '.data/coordinator-key.txt';

/** The coordinator key a previous run saved, if the file holds one. */
function savedKey(): string | undefined {
  try {
    const token = fs.readFileSync(KEY_FILE, 'utf8').trim();
    return parseToken(token) ? token : undefined;
  } catch {
    return undefined;
  }
}

async function main() {
  say(`Starting the roadmap ledger${inMemory ? ' (in memory: nothing is kept)' : ''}…`);
  const local = await openLocalSystem({ mode: 'start', inMemory }).catch((error: unknown) => {
    if (error instanceof JavaMissingError || error instanceof PortInUseError) {
      say(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  });
  say(
    `DynamoDB: ${local.endpoint}${local.dynamo ? (inMemory ? ' (DynamoDB Local, in memory)' : ` (DynamoDB Local, data in ${path.relative(process.cwd(), DATA_DIR)}/)`) : ''}`,
  );
  const { system } = local;

  const snapshotter = new Snapshotter({ store: system.store, snapshots: system.snapshots, logger });
  const projector = startLocalProjector({
    client: system.client,
    endpoint: local.endpoint,
    eventsTable: system.tables.events,
    wake: (stopping) =>
      wake({
        store: system.store,
        views: () => system.views(),
        projection: ledgerProjection,
        logger,
        tree: system.tree,
        snapshotter,
        stopping,
      }),
    logger,
  });

  const now = () => new Date().toISOString();
  const fromEnv = process.env.ROADMAP_BOOTSTRAP_KEY;
  const saved = savedKey();
  // In memory the store starts empty every time: the saved key is issued again, so that
  // .data/coordinator-key.txt is always the key to use (and a kept store's key is never overwritten).
  const reused = inMemory && !fromEnv ? saved : undefined;
  const key = await ensureCoordinatorKey(system.store, fromEnv ?? reused, now());
  if (reused) {
    say(`\nCoordinator API key (the one saved in ${KEY_FILE_SHOWN}):\n  ${reused}\n`);
  } else if (key.issued && key.token && !fromEnv) {
    fs.mkdirSync(DATA_DIR, { recursive: true });
    fs.writeFileSync(KEY_FILE, `${key.token}\n`, { mode: 0o600 });
    say(`\nCoordinator API key (shown once; also saved in ${KEY_FILE_SHOWN}):\n  ${key.token}\n`);
  } else {
    say(
      `Coordinator key: ${key.keyId}${fromEnv ? ' (from ROADMAP_BOOTSTRAP_KEY)' : ` (issued on first run; see ${KEY_FILE_SHOWN})`}`,
    );
    if (!fromEnv && saved && parseToken(saved)?.keyId !== key.keyId) {
      say(
        `  Note: ${KEY_FILE_SHOWN} holds key ${parseToken(saved)?.keyId}, not this store's; issue one with npm run keys.`,
      );
    }
  }

  // Into an empty store; or again when an earlier start was stopped half-way
  // through the demo (the import is idempotent, so finished steps are skipped).
  const demoStarted = (await system.store.streamVersion('plan-spb-smolensk-2021-2023')) > 0;
  if (withDemo && ((await system.store.head()).position <= 1 || demoStarted)) {
    say(
      demoStarted
        ? 'Checking the demo data…'
        : 'Loading the demo data (the 2023 report of the St. Petersburg – Smolensk roadmap)…',
    );
    const demo = await loadDemo(system.store, {
      actor: SYSTEM_ACTOR,
      at: now(),
      onProgress: (done, total) => {
        if (!demoStarted && (done % 10 === 0 || done === total)) process.stdout.write(`\r  ${done}/${total} commands`);
      },
    });
    const parts = [
      ['the seed (Smolensk region)', demo.seed],
      ['illustrative Saint Petersburg part, not from the seed', demo.illustrative],
    ] as const;
    if (!demoStarted) say('');
    for (const [what, report] of parts) {
      if (report.applied > 0 || report.refused.length > 0) {
        say(`  ${what}: applied ${report.applied}, unchanged ${report.unchanged}, refused ${report.refused.length}`);
      } else say(`  ${what}: complete.`);
      for (const refusal of report.refused) say(`  refused ${refusal.label}: ${refusal.code} — ${refusal.message}`);
    }
    projector.poke();
  }

  const signing = await loadOrCreateSigningKey(
    path.join(DATA_DIR, SIGNING_KEY_FILE),
    localOrigin(prefixOf(system.tables.events)),
  );
  say(
    `Checkpoints are signed with ${path.relative(process.cwd(), path.join(DATA_DIR, SIGNING_KEY_FILE))}${signing.created ? ' (created now)' : ''}; verifier key:\n  ${verifierKeyOf(signing.signer)}`,
  );
  // Without PAGES_SESSION_SECRET the pages' sessions last as long as this process.
  const pagesSessionSecret = process.env[PAGES_SESSION_SECRET_ENV] || undefined;
  const app = createApp(
    apiDeps(system, logger, {
      onAppended: () => projector.poke(),
      signer: async () => signing.signer,
      ...(pagesSessionSecret ? { pagesSessionSecret } : {}),
    }),
  );
  const server = serve({ fetch: app.fetch, port, hostname: process.env.HOST || '127.0.0.1' });
  server.on('error', (error: NodeJS.ErrnoException) => {
    say(
      error.code === 'EADDRINUSE'
        ? `Port ${port} is in use; set PORT to another one.`
        : `Server error: ${error.message}`,
    );
    void shutdown(1);
  });
  say(`Pages: http://127.0.0.1:${port}/  (sign in with an API key, e.g. the coordinator key above)`);
  say(`API: http://127.0.0.1:${port}  (GET /health, /docs, /openapi.json)  — Ctrl-C stops everything.`);

  // The daily checkpoint of the Merkle tree, recorded in the log (in AWS a schedule does it):
  // a day after the last one (a restart adds none), the first ten minutes after a first start.
  const DAY = 24 * 60 * 60 * 1000;
  let daily: NodeJS.Timeout | undefined;
  const checkpoint = async () => {
    try {
      const c = await recordCheckpoint(
        { store: system.store, tree: system.tree, signer: signing.signer },
        { actor: SYSTEM_ACTOR, at: now(), trigger: 'schedule' },
      );
      logger.info('checkpoint recorded', { size: c.size, rootHash: c.rootHash, position: c.position });
    } catch (error) {
      logger.warn('the daily checkpoint could not be recorded', { error });
    }
    if (!stopping) daily = setTimeout(() => void checkpoint(), DAY);
  };
  const last = await lastCheckpointAt(system.store);
  const due = last === null ? 10 * 60 * 1000 : Math.max(0, Date.parse(last) + DAY - Date.now());
  daily = setTimeout(() => void checkpoint(), due);

  let stopping = false;
  async function shutdown(code: number) {
    if (stopping) return;
    stopping = true;
    say('\nStopping…');
    server.close();
    clearTimeout(daily);
    await projector.stop();
    await local.close();
    say('Stopped.');
    process.exit(code);
  }
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
}

main().catch((error: unknown) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
