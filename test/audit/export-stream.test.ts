// The log through the API, larger than a page: /v1/events pages gaplessly, the NDJSON
// export streams (read line by line, the store read a page at a time as the reader
// asks, fixed at the head it started from), streams page by version, and
// /v1/audit/verify (and the CLI) find an item altered, removed or a head moved behind
// the store's back.
import fs from 'node:fs';
import path from 'node:path';
import { DeleteItemCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiApp, createApp } from '../../shared/http/app';
import { silentLogger } from '../../shared/runtime/logger';
import { apiDeps, createSystem, type System } from '../../shared/runtime/system';
import { keys } from '../../shared/store/dynamo-items';
import type { EventEnvelope, EventStore, ReadAllOptions } from '../../shared/store/event-store';
import { createTestTables, type TestTables } from '../support/dynamo';
import { client, issueKey, runAuditCli, tempDir } from './support/system';

const EVENTS = 1_200;
const AT = '2025-01-01T00:00:00.000Z';

let tables: TestTables;
let system: System;
let app: ApiApp;
let read: ReturnType<typeof client>;
let reads: ReadAllOptions[];
let dir: string;

async function appendNoted(store: EventStore, count: number, from = 0) {
  for (let i = 0; i < count; i += 48) {
    const n = Math.min(48, count - i);
    const events = Array.from({ length: n }, (_, j) => ({
      type: 'Noted',
      schemaVersion: 1,
      data: { n: from + i + j, note: `запись ${from + i + j}` },
    }));
    await store.append(`noted-${(from + i) % 3}`, events, {
      expectedVersion: 'any',
      commandId: `noted-${from + i}`,
      actor: { keyId: 'system', role: 'system' },
      recordedAt: AT,
    });
  }
}

/** Reads an NDJSON body line by line, calling `onLine` as each line completes. */
async function readLines(
  body: ReadableStream<Uint8Array>,
  onLine: (line: string, index: number) => Promise<void> | void = () => {},
) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  const lines: string[] = [];
  let rest = '';
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    const parts = (rest + chunk.value).split('\n');
    rest = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      await onLine(line, lines.length - 1);
    }
  }
  expect(rest).toBe('');
  return lines;
}

const cliEnv = () => ({
  DYNAMODB_ENDPOINT: tables.endpoint,
  TABLE_PREFIX: tables.names.events.replace(/-events$/, ''),
});

beforeAll(async () => {
  tables = await createTestTables('export');
  system = createSystem(tables.client, tables.names);
  reads = [];
  const counting: EventStore = Object.create(system.store, {
    readAll: {
      value: (options: ReadAllOptions) => {
        reads.push(options);
        return system.store.readAll(options);
      },
    },
  });
  app = createApp(apiDeps(system, silentLogger, { store: counting }));
  read = client(app, (await issueKey(system.store, 'auditor', AT)).token);
  await appendNoted(system.store, EVENTS);
  dir = tempDir();
});

afterAll(async () => {
  await tables.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('GET /v1/events/export', () => {
  it('streams: a ReadableStream read line by line while the store is read one page at a time', async () => {
    const total = EVENTS + 1;
    reads.length = 0;
    const res = await read('/v1/events/export?pageSize=100');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    expect([res.headers.get('x-export-from'), res.headers.get('x-export-to')]).toEqual(['1', String(total)]);
    expect(res.body).toBeInstanceOf(ReadableStream);
    const pagesWhenLine: number[] = [];
    const lines = await readLines(res.body!, (_, i) => void (i % 100 === 0 && pagesWhenLine.push(reads.length)));
    // Line 100k+1 arrives once page k+1 was read, and before page k+3 was: the server
    // reads at most one page ahead of the reader, never the whole log up front.
    expect(pagesWhenLine).toHaveLength(13);
    for (const [k, pages] of pagesWhenLine.entries()) {
      expect(pages, `pages read at line ${100 * k + 1}`).toBeGreaterThanOrEqual(k + 1);
      expect(pages, `pages read at line ${100 * k + 1}`).toBeLessThanOrEqual(k + 2);
    }
    expect(reads).toHaveLength(13);
    expect(reads.every((r) => r.limit === 100 && r.toPosition === total)).toBe(true);
    expect(lines.map((line) => (JSON.parse(line) as EventEnvelope).position)).toEqual(
      Array.from({ length: total }, (_, i) => i + 1),
    );
  });

  it('is fixed at the head it started from: events appended meanwhile are left out', async () => {
    const head = await system.store.head();
    const res = await read('/v1/events/export?pageSize=200');
    let appended = false;
    const lines = await readLines(res.body!, async () => {
      if (!appended) await appendNoted(system.store, 5, 10_000);
      appended = true;
    });
    expect(lines).toHaveLength(head.position);
    expect((await system.store.head()).position).toBe(head.position + 5);
  });

  it('exports a range, and refuses one beyond the head', async () => {
    const lines = (await (await read('/v1/events/export?from=10&to=19')).text()).trimEnd().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as EventEnvelope).position)).toEqual([
      10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
    ]);
    expect((await read('/v1/events/export?to=999999')).status).toBe(400);
  });
});

describe('GET /v1/events and /v1/streams/{streamId}/events', () => {
  it('pages the global log gaplessly, with every envelope field, the same envelopes as the export', async () => {
    const events: EventEnvelope[] = [];
    let next: number | null = 1;
    while (next !== null) {
      const page = (await (await read(`/v1/events?from=${next}&limit=1000`)).json()) as {
        events: EventEnvelope[];
        next: number | null;
      };
      events.push(...page.events);
      next = page.next;
    }
    const head = await system.store.head();
    expect(events.map((e) => e.position)).toEqual(Array.from({ length: head.position }, (_, i) => i + 1));
    expect(Object.keys(events[1]!).sort()).toEqual([
      'data',
      'eventId',
      'hash',
      'metadata',
      'position',
      'prevHash',
      'recordedAt',
      'schemaVersion',
      'streamId',
      'type',
      'version',
    ]);
    const exported = (await (await read('/v1/events/export')).text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as EventEnvelope);
    expect(exported).toEqual(events);
    expect((await read('/v1/events?limit=1001')).status).toBe(400);
  });

  it("pages one stream's history in version order", async () => {
    const first = (await (await read('/v1/streams/noted-0/events?limit=100')).json()) as {
      version: number;
      events: EventEnvelope[];
      next: number | null;
    };
    expect(first.events.map((e) => e.version)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(first.events.every((e) => e.streamId === 'noted-0')).toBe(true);
    expect(first.next).toBe(101);
    const last = (await (await read(`/v1/streams/noted-0/events?fromVersion=${first.version}`)).json()) as {
      events: EventEnvelope[];
      next: number | null;
    };
    expect([last.events.map((e) => e.version), last.next]).toEqual([[first.version], null]);
    const missing = await read('/v1/streams/no-such-stream/events');
    expect([missing.status, ((await missing.json()) as { code: string }).code]).toEqual([404, 'stream_not_found']);
  });
});

describe('verification of the live store', () => {
  const logKey = (position: number) => ({ TableName: tables.names.events, Key: keys.log(position) });
  const verify = async (query = '') =>
    (await (await read(`/v1/audit/verify${query}`)).json()) as Record<string, unknown>;

  it('answers ok with the head hash, for the whole log or a range; the CLI agrees and exports the same bytes', async () => {
    const head = await system.store.head();
    expect(await verify()).toEqual({
      ok: true,
      from: 1,
      to: head.position,
      count: head.position,
      headHash: head.hash,
      checks: ['chain', 'integrity', 'tree', 'snapshots', 'views'],
      integrity: expect.objectContaining({ ok: true, problems: [], problemCount: 0 }),
      // No projector ran here: the tree is empty, and empty agrees with the log.
      tree: expect.objectContaining({ ok: true, size: 0, tilesChecked: 0 }),
      // Nor a snapshotter: no snapshots, and none is missing.
      snapshots: { ok: true, snapshotsChecked: 0, blobsChecked: 0 },
      // Nor a projector: empty views at position 0, which is what the log replays to there.
      views: expect.objectContaining({ ok: true, settled: true, position: 0, documents: 0 }),
    });
    const at600 = (await system.store.readAll({ fromPosition: 600, toPosition: 600, limit: 1 })).events[0]!;
    expect(await verify('?from=500&to=600')).toEqual({
      ok: true,
      from: 500,
      to: 600,
      count: 101,
      headHash: at600.hash,
      // A range is the chain alone: nothing beside it was checked.
      checks: ['chain'],
    });
    const cli = await runAuditCli(['verify'], cliEnv());
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain(`positions 1..${head.position}`);
    const out = path.join(dir, 'cli-export.ndjson');
    const exported = await runAuditCli(['export', '--out', out], cliEnv());
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toContain(
      `exported ${head.position} events (positions 1..${head.position}) to ${out}; hash at ${head.position}: ${head.hash}`,
    );
    expect(fs.readFileSync(out, 'utf8')).toBe(await (await read('/v1/events/export')).text());
  });

  it('names an event altered behind the store (hash_mismatch), in the API and the CLI', async () => {
    const original = (await tables.client.send(new GetItemCommand(logKey(700)))).Item!;
    await tables.client.send(
      new PutItemCommand({
        TableName: tables.names.events,
        Item: { ...original, data: { S: '{"n":699,"note":"запись 699"}' } },
      }),
    );
    try {
      expect(await verify()).toMatchObject({ ok: false, position: 700, problem: 'hash_mismatch', count: 699 });
      expect(await verify('?from=650&to=800')).toMatchObject({ ok: false, position: 700, problem: 'hash_mismatch' });
      const cli = await runAuditCli(['verify'], cliEnv());
      expect(cli.code).toBe(1);
      expect(cli.stdout).toContain('hash_mismatch at position 700');
    } finally {
      await tables.client.send(new PutItemCommand({ TableName: tables.names.events, Item: original }));
    }
  });

  it('names a missing event (gap), also at the very end of the log', async () => {
    const head = await system.store.head();
    for (const position of [321, head.position]) {
      const original = (await tables.client.send(new GetItemCommand(logKey(position)))).Item!;
      await tables.client.send(new DeleteItemCommand(logKey(position)));
      try {
        expect(await verify(), `without ${position}`).toMatchObject({ ok: false, position, problem: 'gap' });
      } finally {
        await tables.client.send(new PutItemCommand({ TableName: tables.names.events, Item: original }));
      }
    }
  });

  it('names a head item that disagrees with the last event (head_mismatch)', async () => {
    const head = await system.store.head();
    const key = { TableName: tables.names.events, Key: keys.head() };
    const original = (await tables.client.send(new GetItemCommand(key))).Item!;
    await tables.client.send(
      new PutItemCommand({ TableName: tables.names.events, Item: { ...original, hash: { S: 'f'.repeat(64) } } }),
    );
    try {
      expect(await verify()).toMatchObject({ ok: false, position: head.position, problem: 'head_mismatch' });
    } finally {
      await tables.client.send(new PutItemCommand({ TableName: tables.names.events, Item: original }));
    }
    expect(await verify()).toMatchObject({ ok: true });
  });
});
