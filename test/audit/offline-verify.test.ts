// An export of the seed demo store (taken through the API by an auditor) verifies
// offline, with no DynamoDB; one altered byte, a dropped line or a garbled line is
// named by its position. The CLI says the same and exits non-zero.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExportFile, verifyExportLines } from '../../shared/audit';
import { canonicalJson } from '../../shared/store/canonical';
import {
  type AuditSystem,
  auditSystem,
  client,
  exportText,
  importSeed,
  issueKey,
  runAuditCli,
  SEED_AT,
  tempDir,
} from './support/system';
import { alterOneByte, joinLines, linesOf } from './support/tamper';

const OFFLINE = { DYNAMODB_ENDPOINT: 'http://127.0.0.1:9', AWS_REGION: 'nowhere-1' }; // anything that tried would fail

let t: AuditSystem;
let dir: string;
let text: string;
let lines: string[];
let reported: number; // the position of an ExecutionReported event

async function verifyText(name: string, content: string) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return { file, verdict: await verifyExportLines(openExportFile(file).lines) };
}

beforeAll(async () => {
  t = await auditSystem('offline');
  await importSeed(t.system.store);
  const auditor = await issueKey(t.system.store, 'auditor', SEED_AT);
  const res = await client(t.app, auditor.token)('/v1/events/export');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/x-ndjson');
  text = await res.text();
  lines = linesOf(text);
  reported = lines.findIndex((line) => line.includes('"type":"ExecutionReported"')) + 1;
  dir = tempDir();
});

afterAll(async () => {
  await t.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('an export of the seed demo store', () => {
  it('is the whole log, one canonical-JSON envelope per line, the same bytes however it is taken', async () => {
    const head = await t.system.store.head();
    expect(lines).toHaveLength(head.position);
    lines.forEach((line, i) => {
      const event = JSON.parse(line) as { position: number };
      expect(event.position).toBe(i + 1);
      expect(canonicalJson(event)).toBe(line);
    });
    expect(await exportText(t.system.store)).toBe(text);
  });

  it('verifies offline, with the head hash, through the CLI and with no DynamoDB', async () => {
    const { file, verdict } = await verifyText('seed.ndjson', text);
    const head = await t.system.store.head();
    expect(verdict).toEqual({ ok: true, from: 1, to: head.position, count: head.position, headHash: head.hash });
    const cli = await runAuditCli(['verify', '--file', file], OFFLINE);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain(
      `OK: ${file} verifies: positions 1..${head.position} (${head.position} events); hash at ${head.position}: ${head.hash}`,
    );
  });

  it('with one byte of one event altered, fails at that position: hash mismatch', async () => {
    const altered = lines.map((line, i) => (i + 1 === reported ? alterOneByte(line) : line));
    expect(Buffer.compare(Buffer.from(joinLines(altered)), Buffer.from(text))).not.toBe(0);
    const { file, verdict } = await verifyText('altered.ndjson', joinLines(altered));
    expect(verdict).toMatchObject({ ok: false, position: reported, problem: 'hash_mismatch', count: reported - 1 });
    const cli = await runAuditCli(['verify', '--file', file], OFFLINE);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`NOT OK: ${file}: hash_mismatch at position ${reported}`);
  });

  it('with a line dropped, names the gap', async () => {
    const { file, verdict } = await verifyText('dropped.ndjson', joinLines(lines.filter((_, i) => i + 1 !== reported)));
    expect(verdict).toMatchObject({ ok: false, position: reported, problem: 'gap' });
    expect(verdict.ok ? '' : verdict.detail).toContain(`position ${reported} is missing`);
    const cli = await runAuditCli(['verify', '--file', file], OFFLINE);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`gap at position ${reported}`);
  });

  it('with two lines swapped, names where the order breaks', async () => {
    const swapped = [...lines];
    [swapped[reported - 1], swapped[reported]] = [swapped[reported]!, swapped[reported - 1]!];
    const { verdict } = await verifyText('swapped.ndjson', joinLines(swapped));
    expect(verdict).toMatchObject({ ok: false, position: reported, problem: 'gap' });
  });

  it('with a line that is not an envelope, names its line and the position expected there', async () => {
    const garbled = lines.map((line, i) => (i + 1 === reported ? line.slice(0, 40) : line));
    const { verdict } = await verifyText('garbled.ndjson', joinLines(garbled));
    expect(verdict).toMatchObject({ ok: false, position: reported, problem: 'unreadable', count: reported - 1 });
    expect(verdict.ok ? '' : verdict.detail).toMatch(new RegExp(`^line ${reported}: not JSON`));
  });

  it('verifies a range export from its first position (its first link has nothing to be checked against)', async () => {
    const { verdict } = await verifyText('range.ndjson', joinLines(lines.slice(9, 20)));
    expect(verdict).toMatchObject({ ok: true, from: 10, to: 20, count: 11 });
  });
});
