// 16 writers, a reader and the projector for a few seconds with faults injected into a
// fifth of DynamoDB's calls (throttling, conflicts, timeouts, resets, answers lost after
// the write went in): nothing acknowledged is lost or doubled, nothing is half-written,
// the log verifies and the views equal a replay. `npm run soak` runs it for longer.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createTestTables } from '../support/dynamo';
import { describeTrial, runFaultTrial } from '../support/fault-trial';

it('survives injected faults: 0 lost, 0 duplicated, 0 diverged', async () => {
  const tables = await createTestTables('faults');
  try {
    const result = await runFaultTrial({
      endpoint: tables.endpoint,
      names: tables.names,
      seed: 20261129,
      rate: 0.2,
      seconds: 8,
      writers: 16,
      // One, so these seconds also move targets to later years and add measures (under faults):
      // past 30 writes over 8 targets in turn, some target has had its 3 years.
      entriesPerYear: 1,
      seedFixture: JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../shared/demo/seed-2023.json'), 'utf8')),
    });
    process.stdout.write(`${describeTrial(result)}\n`);
    expect(result.injectedTotal).toBeGreaterThan(20);
    expect(result.injected).toHaveProperty(['lost-answer TransactWriteItems']);
    expect(result.acknowledged).toBeGreaterThan(30);
    expect(result.measuresAdded).toBeGreaterThan(0);
    expect(result.unexpected).toEqual([]);
    expect(result.lost).toEqual([]);
    expect(result.duplicated).toEqual([]);
    expect(result.verdictDetail).toBe('ok');
    expect(result.viewsEqualReplay).toBe(true);
  } finally {
    await tables.drop();
  }
}, 120_000);
