// The CLI commands as a coordinator runs them, against DynamoDB Local.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTables, type TestTables } from '../support/dynamo';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
let tables: TestTables;
let env: NodeJS.ProcessEnv;
/** What the first `npm run publish` printed. */
let firstPublication = '';

async function cli(script: string, args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [path.join(root, 'node_modules/tsx/dist/cli.mjs'), `scripts/${script}.ts`, ...args],
      { cwd: root, env, timeout: 60_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  tables = await createTestTables('cli');
  env = {
    ...process.env,
    DYNAMODB_ENDPOINT: tables.endpoint,
    TABLE_PREFIX: tables.names.events.replace(/-events$/, ''),
    // The checkpoint signing key `publish` creates goes here, not into the repository's .data/.
    ROADMAP_DATA_DIR: path.join(dir, 'data'),
  };
});
afterAll(async () => {
  await tables.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm run import / keys / report / publish', () => {
  it('imports the seed, and says what a broken file is', async () => {
    const ok = await cli('import', ['shared/demo/seed-2023.json']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('applied 55, unchanged 0, refused 0 of 55');
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, '{"format": "roadmap-ledger/import@1", "executors": []}');
    const bad = await cli('import', [broken]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/validation_failed[\s\S]*plan/);
  });

  it('issues an agency key and refuses one for an unknown executor', async () => {
    const ok = await cli('keys', ['create', '--role', 'agency', '--executor', 'smolensk-sport-office']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/rl_[a-z0-9]+_[A-Za-z0-9_-]+/);
    const unknown = await cli('keys', ['create', '--role', 'agency', '--executor', 'nobody']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('executor_not_found');
    const scoped = await cli('keys', [
      'create',
      '--role',
      'coordinator',
      '--party',
      'Смоленская область',
      '--plan',
      'spb-smolensk-2021-2023',
    ]);
    expect(scoped.code).toBe(0);
    expect(scoped.stdout).toMatch(/^coordinator key [a-z0-9]+ limited to Смоленская область on spb-smolensk-2021-2023/);
    const auditorParty = await cli('keys', ['create', '--role', 'auditor', '--party', 'Смоленская область']);
    expect(auditorParty.code).toBe(1);
    expect(auditorParty.stderr).toContain('party: only a coordinator key is limited to a party');
  });

  it('writes the report to a file, and publishes it', async () => {
    const out = path.join(dir, 'report.docx');
    const report = await cli('report', [
      '--plan',
      'spb-smolensk-2021-2023',
      '--year',
      '2023',
      '--format',
      'docx',
      '--out',
      out,
    ]);
    expect(report.code).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    const html = await cli('report', ['--plan', 'spb-smolensk-2021-2023', '--year', '2023', '--format', 'html']);
    expect(html.stdout).toContain('Отчет об исполнении в 2023 году');
    const published = await cli('publish', ['--plan', 'spb-smolensk-2021-2023', '--year', '2023']);
    expect(published.code).toBe(0);
    expect(published.stdout).toMatch(
      /published spb-smolensk-2021-2023 2023 \(joint report\), revision 1, at log position \d+/,
    );
    expect(published.stdout).toMatch(/docx\s+\d+ bytes\s+sha256 [0-9a-f]{64}/);
    firstPublication = published.stdout;
    const party = await cli('report', [
      '--plan',
      'spb-smolensk-2021-2023',
      '--year',
      '2023',
      '--format',
      'json',
      '--party',
      'Смоленская область',
    ]);
    expect(party.code).toBe(0);
    expect(JSON.parse(party.stdout)).toMatchObject({ party: 'Смоленская область', parties: ['Смоленская область'] });
    const each = await cli('publish', ['--plan', 'spb-smolensk-2021-2023', '--year', '2023', '--each-party']);
    expect(each.code).toBe(0);
    expect(each.stdout).toMatch(
      /\(joint report\), revision 2[\s\S]*\(Санкт-Петербург\), revision 3[\s\S]*\(Смоленская область\), revision 4/,
    );
    expect(each.stdout).toContain('report-spb-smolensk-2021-2023-2023-smolenskaia-oblast.docx');
    const unknown = await cli('publish', ['--plan', 'spb-smolensk-2021-2023', '--year', '2023', '--party', 'Москва']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('party_not_found');
    const usage = await cli('report', ['--plan', 'x']);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('usage: npm run report');
  });

  it("binds the publication to the log's checkpoint, which the audit verifies from an export", async () => {
    // Bound to the signed checkpoint of the log at its position, which an auditor checks from an export.
    const position = /at log position (\d+)/.exec(firstPublication)![1];
    expect(firstPublication).toContain(`bound to the signed checkpoint of ${position} events (root `);
    const key = /verifier key: (\S+)/.exec((await cli('audit', ['checkpoint'])).stderr)![1]!;
    const exportFile = path.join(dir, 'export.ndjson');
    expect((await cli('audit', ['export', '--out', exportFile])).code).toBe(0);
    const checked = await cli('audit', [
      'report',
      '--file',
      exportFile,
      '--plan',
      'spb-smolensk-2021-2023',
      '--year',
      '2023',
      '--check-publication',
      '1',
      '--key',
      key,
      '--format',
      'html',
      '--out',
      path.join(dir, 'rebuilt.html'),
    ]);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toMatch(new RegExp(`ok +carried checkpoint of ${position} events`));
    expect(checked.stdout).toMatch(/ok +the carried checkpoint's signature under the verifier key/);
    expect(checked.stdout).toMatch(/ok +consistency from the carried checkpoint/);
    expect(checked.stdout).toContain('verdict: REPRODUCED');
    // The file it writes is the published one, byte for byte: its footer prints the carried checkpoint.
    const publishedHtml = /html\s+\d+ bytes\s+sha256 ([0-9a-f]{64})/.exec(firstPublication)![1];
    const rebuilt = fs.readFileSync(path.join(dir, 'rebuilt.html'));
    expect(createHash('sha256').update(rebuilt).digest('hex')).toBe(publishedHtml);
    expect(rebuilt.toString()).toContain(`Контрольная точка журнала: размер ${position}, `);
  });
});
