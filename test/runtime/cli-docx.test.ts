// npm run import -- --docx, as a coordinator runs it against DynamoDB Local: a dry run
// prints the import document and what it would change and writes nothing; the import
// itself goes through the command path; a second run changes nothing.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSystem } from '../../shared/runtime/system';
import { cell, docx, HEADER_ROW, p, tbl, tr } from '../import/docx-xml';
import { seedReportDocx } from '../import/support';
import { createTestTables, type TestTables } from '../support/dynamo';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-docx-'));
let tables: TestTables;
let env: NodeJS.ProcessEnv;

async function importCli(...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/import.ts', ...args],
      { cwd: root, env, timeout: 60_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const head = async () => (await createSystem(tables.client, tables.names).store.head()).position;
const file = (name: string, bytes: Uint8Array | string) => {
  const at = path.join(dir, name);
  fs.writeFileSync(at, bytes);
  return at;
};

/** The 2023 report with one more measure, typed by hand. */
const extraMeasure = docx(
  p('Отчет об исполнении в 2023 году') +
    p(
      'Плана мероприятий «Дорожной карты» по развитию сотрудничества между Санкт-Петербургом и Смоленской областью на 2021-2023 годы (далее – План)',
    ) +
    tbl(
      HEADER_ROW,
      tr(cell('9. В области физической культуры и спорта')),
      tr(
        cell('9.4.'),
        cell('Проведение совместных турниров'),
        cell('2023 год'),
        cell('Главное управление спорта Смоленской области'),
        cell('15 декабря 2023 года в г. Смоленске прошел турнир по самбо'),
      ),
    ),
);

beforeAll(async () => {
  tables = await createTestTables('cli-docx');
  env = {
    ...process.env,
    DYNAMODB_ENDPOINT: tables.endpoint,
    TABLE_PREFIX: tables.names.events.replace(/-events$/, ''),
  };
  expect((await importCli('shared/demo/seed-2023.json')).code).toBe(0);
});
afterAll(async () => {
  await tables.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm run import -- --docx', () => {
  it('dry run over the data it was rendered from: prints the document, finds the 24 entries present, writes nothing', async () => {
    const before = await head();
    const report = file('report-2023.docx', await seedReportDocx());
    const dry = await importCli('--docx', report, '--dry-run');
    expect(dry.code).toBe(0);
    const document = JSON.parse(dry.stdout);
    expect(document).toMatchObject({ format: 'roadmap-ledger/import@1', plan: { planId: 'spb-smolensk-2021-2023' } });
    expect(dry.stderr).toContain(
      'would add: 0 executors, 0 renames or liquidations, 0 sections, 0 measures, 0 entries; 24 entries already present',
    );
    expect(dry.stderr).toContain('present  9.1 2023-9.1-08');
    expect(dry.stderr).toContain('dry run: nothing written');
    expect(await head()).toBe(before);
  });

  it('imports a new measure and entry, then changes nothing the second time', async () => {
    const extra = file('extra.docx', extraMeasure);
    const dry = await importCli('--docx', extra, '--dry-run');
    expect(dry.stderr).toMatch(/new measure 9\.4\n {2}new entry 9\.4 docx-9\.4-[0-9a-f]{12} \(15 декабря 2023 года\)/);
    const first = await importCli('--docx', extra);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/applied 2, unchanged \d+, refused 0 of \d+/);
    const after = await head();
    const second = await importCli('--docx', extra);
    expect(second.stdout).toMatch(/applied 0, unchanged \d+, refused 0/);
    expect(second.stdout).toContain('1 entry already present');
    expect(await head()).toBe(after);
  });

  it('says clearly what is wrong with a file, a map or the arguments', async () => {
    const text = await importCli('--docx', file('notes.docx', 'Отчет об исполнении'));
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/error \(not_a_docx\): The file is not a Word document/);
    const map = await importCli('--docx', file('extra2.docx', extraMeasure), '--map', 'Главное управление=nobody');
    expect(map.code).toBe(1);
    expect(map.stderr).toMatch(/validation_failed[\s\S]*map\[0\]: there is no executor nobody/);
    const usage = await importCli('shared/demo/seed-2023.json', '--dry-run');
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('--plan, --dry-run and --map go with --docx');
  });
});
