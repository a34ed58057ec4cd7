// Local configuration shared by `npm start` and the CLI commands: which DynamoDB to
// talk to (DYNAMODB_ENDPOINT, or DynamoDB Local on DYNAMODB_PORT with its data
// under .data/), the table prefix, and the tables themselves.
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableNames } from '../../shared/config/tables';
import { createDynamoClient } from '../../shared/runtime/dynamo';
import { createSystem, type System } from '../../shared/runtime/system';
import { ensureTables } from '../../shared/store/tables-admin';
import { upgradeLayout } from '../../shared/store/upgrade-layout';
import { type DynamoLocal, freePort, startDynamoLocal } from './dynamo-local';

// The lock file pins AWS SDK releases that support Node.js 20 (this team's machines);
// their notice that later releases will need Node.js 22 is known and only noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DATA_DIR = path.join(ROOT, '.data');

export class PortInUseError extends Error {}

export interface LocalSystem {
  system: System;
  endpoint: string;
  /** Set when this process started DynamoDB Local (and must stop it). */
  dynamo: DynamoLocal | null;
  close(): Promise<void>;
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
      if (options.mode === 'start' && (await reachable(port))) {
        throw new PortInUseError(
          `Port ${port} is already in use, so DynamoDB Local cannot start there.\n` +
            `Set DYNAMODB_PORT to a free port, or DYNAMODB_ENDPOINT=http://127.0.0.1:${port} to use the DynamoDB that is listening there.`,
        );
      }
      dynamo = await startDynamoLocal({
        port: options.mode === 'start' ? port : await freePort(),
        ...(options.inMemory ? {} : { dbPath: path.join(DATA_DIR, 'dynamodb') }),
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
      `Upgraded the local event table to layout 2: tips for ${upgrade.streams} streams, ${upgrade.events} events indexed with their hashes.\n`,
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

/** Runs a CLI body with a local system, always closing it (and any DynamoDB Local it started). */
export async function withLocalSystem<T>(body: (local: LocalSystem) => Promise<T>): Promise<T> {
  const local = await openLocalSystem({ mode: 'cli' });
  const stop = () => {
    void local.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await body(local);
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
    await local.close();
  }
}
