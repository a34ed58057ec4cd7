// A coordinator publishes from the pages; right after it a signed checkpoint covering the
// publication is recorded in the log, and the publication's event is provably in it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPublication, loadExport } from '../../shared/audit';
import { lastCheckpoint } from '../../shared/audit/checkpoints';
import { openCheckpoint, verifierKeyOf } from '../../shared/merkle/checkpoint';
import { hashFromHex, leafOfChainHash } from '../../shared/merkle/hash';
import { localSigner } from '../../shared/merkle/signer';
import { verifyInclusion } from '../../shared/merkle/verify-proofs';
import { linesOf, rewriteHistory } from '../audit/support/tamper';
import { importSeed, PLAN } from '../http/support';
import { PageClient, type PagesHarness, pagesHarness } from '../pages/support';

const signer = localSigner('roadmap-ledger.test/publication', new Uint8Array(32).fill(11));
let h: PagesHarness;
let auditor: string;
let browser: PageClient;

beforeAll(async () => {
  h = await pagesHarness('pubcp', { signer: async () => signer });
  await importSeed(h);
  await h.project();
  auditor = await h.key('auditor');
  browser = new PageClient(h);
  await browser.signIn(await h.key('coordinator'));
});
afterAll(() => h.close());

describe('a publication from the pages', () => {
  it('is followed by a recorded checkpoint that includes it', async () => {
    await browser.get(`/coordinator/publications?plan=${PLAN}&year=2023`);
    const published = await browser.submit('/coordinator/publications', { plan: PLAN, year: '2023' });
    expect(published.status).toBe(303);
    const [publication] = await h.system.store.readStream(`report-${PLAN}-2023`);
    const recorded = await lastCheckpoint(h.system.store);
    expect(recorded).toMatchObject({ trigger: 'publication', size: publication!.position });
    expect(recorded!.position).toBeGreaterThan(publication!.position);
    const note = openCheckpoint(recorded!.checkpoint, verifierKeyOf(signer));
    await h.settle();
    const response = await h.call(
      'GET',
      `/v1/audit/proofs/inclusion?position=${publication!.position}&size=${note.size}`,
      auditor,
    );
    const proof = (await response.json()) as { hashes: string[]; rootHash: string };
    expect(proof.rootHash).toBe(Buffer.from(note.rootHash).toString('hex'));
    const leaf = leafOfChainHash(publication!.hash);
    const hashes = proof.hashes.map((x) => hashFromHex(x));
    expect(verifyInclusion(publication!.position - 1, note.size, leaf, hashes, note.rootHash)).toBe(true);
  });
});

describe('the publication check of an export (npm run audit -- report --check-publication)', () => {
  const exported = async () => linesOf(await (await h.call('GET', '/v1/events/export', auditor)).text());
  const storeOf = async (lines: string[]) =>
    (
      await loadExport(
        (async function* () {
          yield* lines;
        })(),
      )
    ).store;

  it('proves the publication event is in the log under the checkpoint recorded after it, signed by the log', async () => {
    const store = await storeOf(await exported());
    const check = await checkPublication(store, {
      planId: PLAN,
      year: 2023,
      revision: 1,
      verifierKey: verifierKeyOf(signer),
    });
    expect(check.checkpoint).toMatchObject({ included: true, signature: 'ok', ok: true });
    expect(check.checkpoint!.rebuiltRootHash).toBe(check.checkpoint!.rootHash);
    expect(check.checkpoint!.proofHashes).toBeGreaterThan(0);
    expect(check.ok).toBe(true);
  });

  it("fails under another log's verifier key", async () => {
    const other = localSigner('roadmap-ledger.test/publication', new Uint8Array(32).fill(12));
    const check = await checkPublication(await storeOf(await exported()), {
      planId: PLAN,
      year: 2023,
      revision: 1,
      verifierKey: verifierKeyOf(other),
    });
    expect(check.checkpoint?.signature).toBe('bad');
    expect(check.ok).toBe(false);
  });

  it('fails for a history rewritten before the publication and re-chained: the tree no longer has the signed root', async () => {
    const lines = await exported();
    const at = lines.findIndex((line) => line.includes('"type":"ExecutionReported"')) + 1;
    const check = await checkPublication(await storeOf(rewriteHistory(lines, at, (text) => `${text} (дописано)`)), {
      planId: PLAN,
      year: 2023,
      revision: 1,
      verifierKey: verifierKeyOf(signer),
    });
    expect(check.checkpoint?.signature).toBe('ok');
    expect(check.checkpoint?.rebuiltRootHash).not.toBe(check.checkpoint?.rootHash);
    expect(check.checkpoint?.ok).toBe(false);
    expect(check.ok).toBe(false);
  });
});
