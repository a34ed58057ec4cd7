// Where the CLI commands and `npm start` get their system from. Locally: which DynamoDB
// to talk to (DYNAMODB_ENDPOINT, or DynamoDB Local on DYNAMODB_PORT with its data under
// .data/), the table prefix, and the tables themselves (created when missing). Against a
// deployed stack (`--stack`): the tables its outputs name, which must exist.
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableNames } from '../../shared/config/tables';
import type { Actor } from '../../shared/domain/actor';
import { createDynamoClient } from '../../shared/runtime/dynamo';
import { createSystem, type System } from '../../shared/runtime/system';
import { STORE_LAYOUT } from '../../shared/store/dynamo-items';
import { ensureTables } from '../../shared/store/tables-admin';
import { upgradeLayout } from '../../shared/store/upgrade-layout';
import { SYSTEM_ACTOR } from './bootstrap';
import { LOCAL, type Target } from './cli';
import { type DynamoLocal, freePort, startDynamoLocal, stopLeftover } from './dynamo-local';
import { checkTables, iamActor, readStackOutputs, type StackOutputs, type StackTarget, stackClients } from './stack';

// The lock file pins AWS SDK releases that support Node.js 20 (this team's machines);
// their notice that later releases will need Node.js 22 is known and only noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The local data directory (DynamoDB Local's files, keys); ROADMAP_DATA_DIR moves it (tests). */
export const DATA_DIR = process.env.ROADMAP_DATA_DIR
  ? path.resolve(process.env.ROADMAP_DATA_DIR)
  : path.join(ROOT, '.data');

export class PortInUseError extends Error {}

export interface LocalSystem {
  system: System;
  endpoint: string;
  /** Set when this process started DynamoDB Local (and must stop it). */
  dynamo: DynamoLocal | null;
  close(): Promise<void>;
}

/** The system a CLI command works on, and who it acts as. */
export interface OpenedSystem extends LocalSystem {
  /** `system` locally; against a stack, `iam` with the caller's ARN as principal. */
  actor: Actor & { principal?: string };
  /** What to call it in messages: "the local store", "stack RoadmapLedger". */
  where: string;
  /** The stack's outputs, when it is one. */
  stack: StackOutputs | null;
}

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface OpenOptions {
  inMemory?: boolean;
  /** `start`: own DynamoDB Local on DYNAMODB_PORT. `cli`: reuse a running one, else start one on the data folder. */
  mode: 'start' | 'cli';
  env?: NodeJS.ProcessEnv;
  onDynamoOutput?: (line: string) => void;
}

export async function openLocalSystem(options: OpenOptions): Promise<LocalSystem> {
  const env = options.env ?? process.env;
  const prefix = env.TABLE_PREFIX || 'roadmap';
  const port = Number(env.DYNAMODB_PORT || 8000);
  let endpoint = env.DYNAMODB_ENDPOINT || undefined;
  let dynamo: DynamoLocal | null = null;
  if (!endpoint) {
    if (options.mode === 'cli' && (await reachable(port))) {
      endpoint = `http://127.0.0.1:${port}`;
    } else {
      const dbPath = options.inMemory ? undefined : path.join(DATA_DIR, 'dynamodb');
      // One left on this data directory by a run that died with its watchdog: ours to stop.
      const leftover = dbPath && options.mode === 'start' ? await stopLeftover(dbPath) : null;
      if (leftover) {
        process.stdout.write(
          `Stopped a DynamoDB Local (pid ${leftover.pid}, port ${leftover.port}) that an earlier run left on ${path.relative(process.cwd(), dbPath!)}/.\n`,
        );
      }
      if (options.mode === 'start' && (await reachable(port))) {
        throw new PortInUseError(
          `Port ${port} is already in use, so DynamoDB Local cannot start there.\n` +
            `Set DYNAMODB_PORT to a free port, or DYNAMODB_ENDPOINT=http://127.0.0.1:${port} to use the DynamoDB that is listening there.`,
        );
      }
      dynamo = await startDynamoLocal({
        port: options.mode === 'start' ? port : await freePort(),
        ...(dbPath ? { dbPath } : {}),
        ...(options.onDynamoOutput ? { onOutput: options.onDynamoOutput } : {}),
      });
      endpoint = dynamo.endpoint;
    }
  }
  const client = createDynamoClient({ endpoint, region: env.AWS_REGION });
  const names = tableNames(prefix);
  await ensureTables(client, names);
  const upgrade = await upgradeLayout(client, names.events);
  if (upgrade.upgraded) {
    process.stderr.write(
      `Upgraded the local event table to layout ${STORE_LAYOUT}: tips for ${upgrade.streams} streams, ${upgrade.events} events indexed with their hashes.\n`,
    );
  }
  const system = createSystem(client, names);
  return {
    system,
    endpoint,
    dynamo,
    async close() {
      client.destroy();
      await dynamo?.stop();
    },
  };
}

/**
 * A deployed stack: its outputs name the tables (which must exist; nothing is created),
 * and the caller's AWS identity becomes the actor of what the command writes.
 */
export async function openStackSystem(target: StackTarget): Promise<OpenedSystem> {
  const { cloudFormation, sts } = stackClients(target);
  try {
    const [stack, actor] = await Promise.all([readStackOutputs(cloudFormation, target), iamActor(sts, target)]);
    const client = createDynamoClient({ region: target.region, profile: target.profile });
    try {
      await checkTables(client, stack, target);
    } catch (error) {
      client.destroy();
      throw error;
    }
    return {
      system: createSystem(client, stack.tables),
      endpoint: `stack ${stack.stackName}`,
      dynamo: null,
      actor,
      where: `stack ${stack.stackName}`,
      stack,
      async close() {
        client.destroy();
      },
    };
  } finally {
    cloudFormation.destroy();
    sts.destroy();
  }
}

export async function openSystem(target: Target): Promise<OpenedSystem> {
  if (target.kind === 'stack') return openStackSystem(target);
  const local = await openLocalSystem({ mode: 'cli' });
  return { ...local, actor: SYSTEM_ACTOR, where: 'the local store', stack: null };
}

/** Runs a CLI body with a system, always closing it (and any DynamoDB Local it started). */
export async function withSystem<T>(target: Target, body: (opened: OpenedSystem) => Promise<T>): Promise<T> {
  const opened = await openSystem(target);
  const stop = () => {
    void opened.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await body(opened);
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
    await opened.close();
  }
}

/** Runs a CLI body with the local system. */
export function withLocalSystem<T>(body: (local: OpenedSystem) => Promise<T>): Promise<T> {
  return withSystem(LOCAL, body);
}
