// Over HTTP on DynamoDB Local: a rename dated before the executor's latest rename is refused
// with a 409 problem naming both dates, and writes nothing; the current name and the 2023
// footnote stay as the renames in date order have them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../shared/report/model';
import { type Harness, harness, importSeed, PLAN } from './support';

const RENAME = '/v1/executors/smolensk-culture-dept/rename';
const MINISTRY = 'Министерство культуры Смоленской области';

let h: Harness;
let coordinator: string;

beforeAll(async () => {
  h = await harness('http-rename-order');
  await importSeed(h);
  coordinator = await h.key('coordinator');
}, 60_000);
afterAll(() => h.close());

describe('renames out of date order', () => {
  it('takes the 2023 rename, refuses a 2022 one after it with 409 rename_out_of_order, and writes nothing', async () => {
    const first = await h.call('POST', RENAME, coordinator, { newName: MINISTRY, effectiveDate: '2023-05-01' });
    expect(first.status).toBe(201);
    const position = Number(first.headers.get('x-position'));
    const late = await h.call('POST', RENAME, coordinator, {
      newName: 'Департамент культуры и туризма Смоленской области',
      effectiveDate: '2022-01-01',
    });
    expect(late.status).toBe(409);
    expect(late.headers.get('content-type')).toContain('application/problem+json');
    expect(await late.json()).toMatchObject({
      status: 409,
      code: 'rename_out_of_order',
      effectiveDate: '2022-01-01',
      latestRenameDate: '2023-05-01',
    });
    expect((await h.system.store.head()).position).toBe(position);
  });

  it('leaves the current name and the 2023 footnote as the 2023 rename made them', async () => {
    await h.project();
    const auditor = await h.key('auditor');
    const executor = (await (await h.call('GET', '/v1/executors/smolensk-culture-dept', auditor)).json()) as {
      fullName: string;
    };
    expect(executor.fullName).toBe(MINISTRY);
    const model = (await (await h.call('GET', `/v1/plans/${PLAN}/reports/2023`, auditor)).json()) as ReportModel;
    expect(model.footnotes.find((note) => note.executorId === 'smolensk-culture-dept')?.text).toBe(
      `переименовано с 01.05.2023 года в ${MINISTRY}`,
    );
  });
});
