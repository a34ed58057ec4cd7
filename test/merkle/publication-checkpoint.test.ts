// A coordinator publishes from the pages; the publication carries the signed checkpoint
// of the log it was built from (its footer prints it), right after it a signed checkpoint
// covering the publication is recorded in the log, and the publication's event is
// provably in it. The publication check verifies both, and names what fails.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPublication, loadExport } from '../../shared/audit';
import { lastCheckpoint, recordCheckpoint } from '../../shared/audit/checkpoints';
import { describePublicationCheck } from '../../shared/audit/text';
import type { YearlyReportPublished } from '../../shared/domain';
import { MemoryTileStore, MerkleLog } from '../../shared/merkle';
import { openCheckpoint, verifierKeyOf } from '../../shared/merkle/checkpoint';
import { hashFromHex, leafOfChainHash } from '../../shared/merkle/hash';
import { localSigner } from '../../shared/merkle/signer';
import { verifyInclusion } from '../../shared/merkle/verify-proofs';
import { publishReport } from '../../shared/report/publish';
import { sha256Hex } from '../../shared/store/canonical';
import { linesOf, rewriteHistory } from '../audit/support/tamper';
import { importSeed, PLAN } from '../http/support';
import { PageClient, type PagesHarness, pagesHarness } from '../pages/support';
import { runVerifier, writeInput } from './support/verifier';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pubcp-'));
const verifier = runVerifier;
const file = (name: string, content: string | object) => writeInput(dir, name, content);
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
afterAll(async () => {
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

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

  it('carries the signed checkpoint of the log at the report position, which the HTML and DOCX footers print', async () => {
    const [event] = await h.system.store.readStream(`report-${PLAN}-2023`);
    const data = event!.data as YearlyReportPublished;
    expect(data.checkpoint).toMatchObject({ origin: signer.keyName, size: data.position });
    expect(data.position).toBeLessThan(event!.position);
    const opened = openCheckpoint(data.checkpoint!.note, verifierKeyOf(signer));
    expect(opened.size).toBe(data.position);
    // The same note the API signs for that size: the root is the log's.
    const served = (await (await h.call('GET', `/v1/audit/checkpoint?size=${data.position}`, auditor)).json()) as {
      checkpoint: string;
    };
    expect(served.checkpoint).toBe(data.checkpoint!.note);
    const root = Buffer.from(opened.rootHash).toString('base64');
    const signature = data
      .checkpoint!.note.split('\n')
      .find((line) => line.startsWith('— '))!
      .slice(2);
    const footer = `Контрольная точка журнала: размер ${data.position}, корень ${root}, подпись ${signature}`;
    // The list of revisions answers it too (its schema lets a publication without one through).
    const listed = (await (await h.call('GET', `/v1/plans/${PLAN}/reports/2023/published`, auditor)).json()) as {
      revisions: { checkpoint?: unknown }[];
    };
    expect(listed.revisions[0]!.checkpoint).toEqual(data.checkpoint);
    const published = `/v1/plans/${PLAN}/reports/2023/published/1`;
    const html = await (await h.call('GET', `${published}?format=html`, auditor)).text();
    expect(html).toContain(footer);
    const docx = unzipSync(
      new Uint8Array(await (await h.call('GET', `${published}?format=docx`, auditor)).arrayBuffer()),
    );
    expect(strFromU8(docx['word/document.xml']!)).toContain(footer);
    // The live report, even at the same position, prints no checkpoint.
    const live = await (
      await h.call('GET', `/v1/plans/${PLAN}/reports/2023?format=html&asOfPosition=${data.position}`, auditor)
    ).text();
    expect(live).toContain(`позиция ${data.position}`);
    expect(live).not.toContain('Контрольная точка');
  });

  it('lets an auditor holding the HTML check its footer with docs/verify-proof.mjs: the signature, the log extending it, the event in it', async () => {
    const html = await (await h.call('GET', `/v1/plans/${PLAN}/reports/2023/published/1?format=html`, auditor)).text();
    const [, size, root, name, signature] =
      /Контрольная точка журнала: размер (\d+), корень (\S+), подпись (\S+) (\S+)</u.exec(html) ?? [];
    expect(size).toBeDefined();
    // The note put back together: the origin is the key name, then the size and the root.
    const carried = file('carried.txt', `${name}\n${size}\n${root}\n\n— ${name} ${signature}\n`);
    const vkey = verifierKeyOf(signer);
    expect(verifier('checkpoint', carried, vkey)).toMatchObject({ code: 0 });
    const recorded = (await lastCheckpoint(h.system.store))!;
    const later = file('later.txt', recorded.checkpoint);
    const consistency = (await (
      await h.call('GET', `/v1/audit/proofs/consistency?from=${size}&to=${recorded.size}`, auditor)
    ).json()) as object;
    expect(verifier('consistency', file('consistency.json', consistency), carried, later, vkey)).toMatchObject({
      code: 0,
    });
    const [event] = await h.system.store.readStream(`report-${PLAN}-2023`);
    const inclusion = (await (
      await h.call('GET', `/v1/audit/proofs/inclusion?position=${event!.position}&size=${recorded.size}`, auditor)
    ).json()) as object;
    const run = verifier('inclusion', file('inclusion.json', inclusion), later, vkey, '--hash', event!.hash);
    expect(run).toMatchObject({ code: 0 });
    // One character of the root changed in the footer: the signature no longer verifies.
    const altered = file(
      'altered.txt',
      `${name}\n${size}\n${root!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}\n\n— ${name} ${signature}\n`,
    );
    expect(verifier('checkpoint', altered, vkey).code).not.toBe(0);
  });
});

const exported = async () => linesOf(await (await h.call('GET', '/v1/events/export', auditor)).text());
const storeOf = async (lines: string[]) =>
  (
    await loadExport(
      (async function* () {
        yield* lines;
      })(),
    )
  ).store;

describe('the publication check of an export (npm run audit -- report --check-publication)', () => {
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
    expect(check.carried).toMatchObject({
      noteOk: true,
      signature: 'ok',
      consistency: { to: check.checkpoint!.size, recordedAt: check.checkpoint!.recordedAt, ok: true },
      ok: true,
    });
    expect(check.carried!.checkpoint.size).toBe(check.position);
    expect(check.carried!.rebuiltRootHash).toBe(check.carried!.checkpoint.rootHash);
    expect(check.carried!.consistency!.proofHashes).toBeGreaterThan(0);
    expect(check.formats.every((f) => f.ok)).toBe(true);
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
    expect(check.carried).toMatchObject({ signature: 'bad', ok: false });
    expect(check.ok).toBe(false);
    expect(describePublicationCheck(check)).toContain(
      "  MISMATCH the carried checkpoint's signature under the verifier key",
    );
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
    // The carried checkpoint, signed over the honest log, is not this log's either.
    expect(check.carried).toMatchObject({ noteOk: true, signature: 'ok', ok: false });
    expect(check.carried!.rebuiltRootHash).not.toBe(check.carried!.checkpoint.rootHash);
    expect(check.ok).toBe(false);
    const text = describePublicationCheck(check);
    expect(text.some((line) => line.startsWith(`  MISMATCH carried checkpoint of ${check.position} events`))).toBe(
      true,
    );
  });
});

describe('a publication carrying a root the log never had', () => {
  it('fails its check at the carried checkpoint, though its files are rebuilt byte for byte', async () => {
    // A publisher whose tree is not the log's signs, with the log's own key, another root.
    const head = (await h.system.store.head()).position;
    const forged = new MerkleLog(new MemoryTileStore());
    await forged.append(
      0,
      Array.from({ length: head }, (_, i) => sha256Hex(`not the log ${i}`)),
    );
    const publication = await publishReport(h.system.store, h.system.artifacts, {
      planId: PLAN,
      year: 2023,
      trigger: 'on-demand',
      actor: { keyId: 'on-demand', role: 'system' },
      at: '2026-11-29T00:00:00.000Z',
      checkpoints: { tree: forged, signer: async () => signer },
    });
    expect(publication.position).toBe(head);
    // Before any checkpoint covers it, the rebuilt root alone tells.
    const early = await checkPublication(await storeOf(await exported()), {
      planId: PLAN,
      year: 2023,
      revision: publication.revision,
      verifierKey: verifierKeyOf(signer),
    });
    expect(early.checkpoint).toBeNull();
    expect(early.carried).toMatchObject({ noteOk: true, signature: 'ok', consistency: null, ok: false });
    expect(early.ok).toBe(false);
    await recordCheckpoint(
      { store: h.system.store, tree: h.system.tree, signer },
      { actor: { keyId: 'system', role: 'system' }, at: '2026-11-29T00:00:01.000Z', trigger: 'publication' },
    );
    const check = await checkPublication(await storeOf(await exported()), {
      planId: PLAN,
      year: 2023,
      revision: publication.revision,
      verifierKey: verifierKeyOf(signer),
    });
    expect(check.chainOk).toBe(true);
    expect(check.formats.every((f) => f.ok)).toBe(true);
    expect(check.checkpoint).toMatchObject({ included: true, signature: 'ok', ok: true });
    expect(check.carried).toMatchObject({ noteOk: true, signature: 'ok', consistency: { ok: false }, ok: false });
    expect(check.carried!.rebuiltRootHash).not.toBe(check.carried!.checkpoint.rootHash);
    expect(check.ok).toBe(false);
    const text = describePublicationCheck(check);
    expect(text.some((line) => line.startsWith(`  MISMATCH carried checkpoint of ${head} events`))).toBe(true);
    expect(text.some((line) => line.startsWith('  MISMATCH consistency from the carried checkpoint'))).toBe(true);
    expect(text.at(-1)).toBe('verdict: NOT REPRODUCED — carried checkpoint differ');
  });

  it('leaves the genuine publication checking as before', async () => {
    const check = await checkPublication(await storeOf(await exported()), {
      planId: PLAN,
      year: 2023,
      revision: 1,
      verifierKey: verifierKeyOf(signer),
    });
    expect(check.carried?.ok).toBe(true);
    expect(check.ok).toBe(true);
  });
});

describe('a publisher that cannot read its signing key', () => {
  it('publishes nothing and answers 503 checkpoint_unavailable, not an unbound publication', async () => {
    const before = await h.system.store.head();
    await expect(
      publishReport(h.system.store, h.system.artifacts, {
        planId: PLAN,
        year: 2023,
        trigger: 'on-demand',
        actor: { keyId: 'on-demand', role: 'system' },
        at: '2026-11-29T01:00:00.000Z',
        checkpoints: {
          tree: h.system.tree,
          signer: async () => {
            throw new Error('the secret could not be read (HTTP 500)');
          },
        },
      }),
    ).rejects.toMatchObject({ code: 'checkpoint_unavailable', status: 503 });
    expect(await h.system.store.head()).toEqual(before);
  });
});
