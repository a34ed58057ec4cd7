// The live views, which every reader trusts, tampered with behind the system's back on
// DynamoDB Local: verify names each document that is not what the log replays to, and
// does not mistake a projector writing meanwhile for tampering.
import {
  type AttributeValue,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyStore } from '../../shared/audit/verify';
import { catchUp } from '../../shared/projections/projector';
import { ledgerProjection } from '../../shared/views/ledger-projection';
import { type Harness, harness, importSeed, PLAN } from '../http/support';
import { addMeasureOf50, rawAppender, registerAgencies, swapExecutors } from '../projections/support/executor-swap';

let h: Harness;
let auditor: string;

interface Verdict {
  ok: boolean;
  problem?: string;
  views?: {
    ok: boolean;
    settled: boolean;
    position: number;
    documents: number;
    partsInFlight: number;
    problems: { kind: string; pk: string; sk: string; detail: string }[];
    problemCount: number;
  };
}

async function verify(): Promise<Verdict> {
  const res = await h.call('GET', '/v1/audit/verify', auditor);
  expect(res.status).toBe(200);
  return (await res.json()) as Verdict;
}

type Item = Record<string, AttributeValue>;
const table = () => h.tables.names.views;
const put = (Item: Item) => h.tables.client.send(new PutItemCommand({ TableName: table(), Item }));
const remove = (item: Item) =>
  h.tables.client.send(new DeleteItemCommand({ TableName: table(), Key: { pk: item.pk!, sk: item.sk! } }));

/** The stored items of one kind of view document (pk prefix), straight from the table. */
async function itemsOf(prefix: string): Promise<Item[]> {
  const out = await h.tables.client.send(
    new ScanCommand({
      TableName: table(),
      FilterExpression: 'begins_with(pk, :p)',
      ExpressionAttributeValues: { ':p': { S: `g1#${prefix}` } },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

async function csvReport(): Promise<string> {
  const res = await h.call('GET', `/v1/plans/${PLAN}/reports/2023?format=csv`, auditor);
  expect(res.status).toBe(200);
  return res.text();
}

beforeAll(async () => {
  h = await harness('views-verify');
  await importSeed(h);
  auditor = await h.key('auditor');
  await h.project();
});
afterAll(() => h.close());

describe('verification of the live views against the log', () => {
  it('passes on an untouched store, saying how many documents it compared', async () => {
    const verdict = await verify();
    expect(verdict).toMatchObject({ ok: true, views: { ok: true, settled: true, problems: [], problemCount: 0 } });
    expect(verdict.views!.documents).toBeGreaterThan(100);
    expect(verdict.views!.position).toBeGreaterThan(0);
  });

  it('names an entry whose text and participants were changed in the table, which the live report showed', async () => {
    const [entry] = await itemsOf(`entries#${PLAN}#`);
    const original = entry!.doc!.S!;
    const doc = JSON.parse(original) as { text: string; participants: number | null };
    await put({ ...entry!, doc: { S: JSON.stringify({ ...doc, text: 'ПОДМЕНЁННЫЙ ТЕКСТ', participants: 999 }) } });
    // What a reader is shown: the altered text (this is why the views need checking).
    expect(await csvReport()).toContain('ПОДМЕНЁННЫЙ ТЕКСТ');

    const verdict = await verify();
    expect(verdict).toMatchObject({
      ok: false,
      problem: 'views',
      views: { ok: false, settled: true, problemCount: 1 },
    });
    expect(verdict.views!.problems).toEqual([
      {
        kind: 'view_altered',
        pk: entry!.pk!.S!.slice('g1#'.length),
        sk: entry!.sk!.S!,
        detail: expect.stringContaining('participants, text'),
      },
    ]);
    await put(entry!);
    expect((await verify()).ok).toBe(true);
  });

  it('names a deleted document and a planted one', async () => {
    const [measure] = (await itemsOf(`plan#${PLAN}`)).filter((item) => item.sk!.S!.startsWith('measure#'));
    await remove(measure!);
    const planted = { pk: { S: `g1#entries#${PLAN}#9.1` }, sk: { S: '999999' }, doc: { S: '{"text":"вписано"}' } };
    await put(planted);
    const verdict = await verify();
    expect(verdict).toMatchObject({ ok: false, problem: 'views', views: { problemCount: 2 } });
    expect(verdict.views!.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'view_missing', pk: `plan#${PLAN}`, sk: measure!.sk!.S! }),
        expect.objectContaining({ kind: 'view_extra', pk: `entries#${PLAN}#9.1`, sk: '999999' }),
      ]),
    );
    await put(measure!);
    await remove(planted);
    expect((await verify()).ok).toBe(true);
  });

  it('names a checkpoint that claims a position the log does not have', async () => {
    const Key = { pk: { S: 'g1#_checkpoint' }, sk: { S: 'projector' } };
    const { Item } = await h.tables.client.send(new GetItemCommand({ TableName: table(), Key, ConsistentRead: true }));
    await put({ ...Item!, hash: { S: 'f'.repeat(64) } });
    const verdict = await verify();
    expect(verdict).toMatchObject({ ok: false, problem: 'views' });
    expect(verdict.views!.problems).toEqual([expect.objectContaining({ kind: 'checkpoint_wrong' })]);
    await put(Item!);
  });

  it('does not report tampering while agencies write and the projector applies their entries', async () => {
    const agency = await h.key('agency', 'smolensk-sport-office');
    await h.project();
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        const entry = { period: { kind: 'day', date: '2023-10-01' }, text: `запись ${written}` };
        const res = await h.call('POST', `/v1/plans/${PLAN}/measures/9.1/executions`, agency, entry);
        expect(res.status).toBe(201);
        written++;
        await h.project();
      }
    })();
    const verdicts: Verdict[] = [];
    try {
      // Straight through verifyStore, with no pause between tries: the views move under most reads.
      for (let i = 0; i < 4; i++)
        verdicts.push(
          (await verifyStore(
            h.system.store,
            {},
            { views: () => h.system.views(), snapshots: h.system.snapshots },
          )) as Verdict,
        );
    } finally {
      writing = false;
      await writer;
    }
    expect(written).toBeGreaterThan(0);
    for (const verdict of verdicts) {
      // Either compared at a checkpoint that held still, and equal; or said to be moving.
      if (verdict.ok) expect(verdict.views).toMatchObject({ ok: true, settled: true });
      else expect(verdict).toMatchObject({ problem: 'views_moving', views: { settled: false, problems: [] } });
    }
    await h.project();
    expect(await verify()).toMatchObject({ ok: true, views: { ok: true } });
  }, 120_000);

  it('takes the parts of a split event a crashed projector left behind for what they are, and so does its next wake', async () => {
    const append = rawAppender(h.system.store, 'split');
    await registerAgencies(append);
    await addMeasureOf50(append, PLAN);
    await h.project();
    // 50 executors swapped for 50 others: too large for one commit, so written in parts.
    await swapExecutors(append, PLAN);
    const views = await h.system.views();
    // The projector dies after the leading parts, before the last commit (with the checkpoint).
    const crashing = Object.assign(Object.create(views) as typeof views, {
      commit: async () => {
        throw new Error('the process died');
      },
    });
    const crashed = await catchUp(h.system.store, crashing, ledgerProjection);
    expect(crashed.status).toBe('failed');
    const worklist = await itemsOf('worklist#agency-51');
    expect(worklist).toHaveLength(1); // a leading part is in the table, ahead of the checkpoint

    const verdict = await verify();
    expect(verdict).toMatchObject({ ok: true, views: { ok: true, settled: true, problems: [] } });
    expect(verdict.views!.partsInFlight).toBeGreaterThan(0);
    await h.project();
    expect(await verify()).toMatchObject({ ok: true, views: { ok: true, partsInFlight: 0 } });
  });
});
