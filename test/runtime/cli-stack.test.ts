// The CLI against a deployed stack (`--stack`), as an operator runs it: the stack's
// outputs (CloudFormation, mocked) name the tables, which here live in DynamoDB Local
// (AWS_ENDPOINT_URL_DYNAMODB); the caller's identity (STS, mocked) is the actor of every
// event written. No command creates a table in a stack.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main as audit } from '../../scripts/audit';
import { main as importDoc } from '../../scripts/import';
import { main as keys } from '../../scripts/keys';
import { main as publish } from '../../scripts/publish';
import { main as rebuild } from '../../scripts/rebuild';
import { main as report } from '../../scripts/report';
import { STACK_OUTPUTS } from '../../shared/config/stack-outputs';
import type { TableNames } from '../../shared/config/tables';
import { createApp } from '../../shared/http/app';
import { silentLogger } from '../../shared/runtime/logger';
import { apiDeps, createSystem } from '../../shared/runtime/system';
import { createTestTables, type TestTables } from '../support/dynamo';

const ARN = 'arn:aws:sts::123456789012:assumed-role/LedgerOperators/alice';
const STACK = ['--stack', 'RoadmapLedger', '--region', 'eu-central-1'];
const cfn = mockClient(CloudFormationClient);
const sts = mockClient(STSClient);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-stack-'));
let tables: TestTables;

function deployed(names: TableNames) {
  cfn.on(DescribeStacksCommand, { StackName: 'RoadmapLedger' }).resolves({
    Stacks: [
      {
        StackName: 'RoadmapLedger',
        StackStatus: 'CREATE_COMPLETE',
        CreationTime: new Date(),
        Outputs: [
          { OutputKey: STACK_OUTPUTS.apiUrl, OutputValue: 'https://abc123.execute-api.eu-central-1.amazonaws.com/' },
          { OutputKey: STACK_OUTPUTS.streamingUrl, OutputValue: 'https://xyz.lambda-url.eu-central-1.on.aws/' },
          { OutputKey: STACK_OUTPUTS.eventsTable, OutputValue: names.events },
          { OutputKey: STACK_OUTPUTS.viewsTable, OutputValue: names.views },
          { OutputKey: STACK_OUTPUTS.artifactsTable, OutputValue: names.artifacts },
          { OutputKey: STACK_OUTPUTS.rebuildFunction, OutputValue: 'RoadmapLedger-Rebuild1234' },
        ],
      },
    ],
  });
}

beforeAll(async () => {
  tables = await createTestTables('stack');
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', tables.endpoint);
  vi.stubEnv('AWS_REGION', 'eu-central-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  // Neither of these may be used against a stack.
  vi.stubEnv('DYNAMODB_ENDPOINT', 'http://127.0.0.1:9');
  vi.stubEnv('TABLE_PREFIX', 'must-not-be-used');
  sts.on(GetCallerIdentityCommand).resolves({ Arn: ARN, Account: '123456789012', UserId: 'AROA:alice' });
  deployed(tables.names);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  cfn.restore();
  sts.restore();
  await tables.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs a CLI main in this process, with what it writes captured. */
async function run(main: (argv: string[]) => Promise<void>, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const text = (chunk: unknown) => (chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : String(chunk));
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => out.push(text(chunk)) > 0);
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => err.push(text(chunk)) > 0);
  try {
    await main(argv);
    return { stdout: out.join(''), stderr: err.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const tableList = async () => (await tables.client.send(new ListTablesCommand({}))).TableNames ?? [];
const store = () => createSystem(tables.client, tables.names).store;

describe('the CLI with --stack', () => {
  it("issues the first coordinator key as the caller's AWS identity, and the key works", async () => {
    const before = await tableList();
    const { stdout, stderr } = await run(keys, ['create', '--role', 'coordinator', ...STACK]);
    const token = /rl_[a-z0-9]+_[A-Za-z0-9_-]+/.exec(stdout)?.[0];
    expect(token).toBeDefined();
    expect(stderr).toContain(ARN);
    expect(stderr).toContain('https://abc123.execute-api.eu-central-1.amazonaws.com/');
    const keyId = token!.split('_')[1]!;
    const [issued] = await store().readStream(`apikey-${keyId}`);
    expect(issued!.type).toBe('ApiKeyIssued');
    expect(issued!.metadata.actor).toEqual({ keyId: 'iam', role: 'system', principal: ARN });
    const app = createApp(apiDeps(createSystem(tables.client, tables.names), silentLogger));
    const me = await app.request('/v1/me', { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ keyId, role: 'coordinator' });
    expect(await tableList()).toEqual(before);
    expect(cfn.commandCalls(DescribeStacksCommand)[0]!.args[0].input).toEqual({ StackName: 'RoadmapLedger' });
  });

  it("imports, reports, publishes, verifies, exports, rebuilds and revokes on the stack's tables", async () => {
    const before = await tableList();
    const imported = await run(importDoc, ['shared/demo/seed-2023.json', ...STACK]);
    expect(imported.stdout).toContain('applied 55, unchanged 0, refused 0 of 55');
    const [plan] = await store().readStream('plan-spb-smolensk-2021-2023');
    expect(plan!.metadata.actor).toMatchObject({ keyId: 'iam', principal: ARN });

    const html = await run(report, ['--plan', 'spb-smolensk-2021-2023', '--year', '2023', ...STACK]);
    expect(html.stdout.includes('Отчет об исполнении в 2023 году')).toBe(true);

    const published = await run(publish, ['--plan', 'spb-smolensk-2021-2023', '--year', '2023', ...STACK]);
    expect(published.stdout).toMatch(/revision 1, at log position \d+ .* in stack RoadmapLedger/);
    const [publication] = await store().readStream('report-spb-smolensk-2021-2023-2023');
    expect(publication!.metadata.actor).toEqual({ keyId: 'iam', role: 'system', principal: ARN });

    const verified = await run(audit, ['verify', ...STACK]);
    expect(verified.stdout).toMatch(/^OK: stack RoadmapLedger verifies: positions 1\.\.\d+/);
    const file = path.join(dir, 'export.ndjson');
    await run(audit, ['export', '--out', file, ...STACK]);
    expect(fs.readFileSync(file, 'utf8')).toContain(ARN);
    expect((await run(audit, ['verify', '--file', file])).stdout).toMatch(/^OK: .*export\.ndjson verifies/);

    const rebuilt = await run(rebuild, STACK);
    expect(rebuilt.stdout).toContain(`Rebuilding the views of ${tables.names.views}`);
    expect(rebuilt.stdout).toContain('aws lambda invoke --function-name RoadmapLedger-Rebuild1234');
    expect(rebuilt.stdout).toMatch(/Done: \d+ events/);

    const { stdout } = await run(keys, ['create', '--role', 'auditor', ...STACK]);
    const keyId = /rl_([a-z0-9]+)_/.exec(stdout)![1]!;
    const revoked = await run(keys, ['revoke', keyId, '--reason', 'left the team', ...STACK]);
    expect(revoked.stdout).toBe(`revoked ${keyId} in stack RoadmapLedger\n`);
    expect(await tableList()).toEqual(before);
  });

  it('refuses a stack whose tables are gone, and creates none', async () => {
    const gone = { events: 'gone-events', views: 'gone-views', artifacts: 'gone-artifacts' };
    deployed(gone);
    try {
      await expect(run(keys, ['create', '--role', 'coordinator', ...STACK])).rejects.toThrow(
        /table gone-(events|views|artifacts) named by stack RoadmapLedger does not exist/,
      );
      expect((await tableList()).filter((name) => name.startsWith('gone-'))).toEqual([]);
    } finally {
      deployed(tables.names);
    }
  });

  it('refuses --region without --stack, and an offline report with --stack', async () => {
    await expect(run(keys, ['create', '--role', 'auditor', '--region', 'eu-central-1'])).rejects.toThrow(
      /--region and --profile go with --stack/,
    );
    await expect(
      run(audit, ['report', '--file', 'x.ndjson', '--plan', 'p', '--year', '2023', ...STACK]),
    ).rejects.toThrow(/export the stack's log first/);
  });
});
