// The tree, its proofs and their verification, against published vectors and against
// the naive implementation in support/naive.ts (RFC 9162 §2.1 taken literally).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_ROOT, hashToHex, leafHash, leafOfChainHash } from '../../shared/merkle/hash';
import { MerkleLog } from '../../shared/merkle/merkle-log';
import { TileBuilder } from '../../shared/merkle/tile-builder';
import { MemoryTileStore } from '../../shared/merkle/tile-store';
import { verifyConsistency, verifyInclusion } from '../../shared/merkle/verify-proofs';
import { hex, MTH, PATH, PROOF } from './support/naive';
import { bytesOf, chainHashes } from './support/trees';

// The RFC 6962 reference leaves and tree heads, as published with transparency-dev/merkle
// (testonly/constants.go): roots for sizes 0..8 and a few proofs.
const CT_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((h) => Uint8Array.from(Buffer.from(h, 'hex')));
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const CT_INCLUSION = [
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];
const CT_CONSISTENCY = [
  {
    first: 2,
    second: 8,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    first: 6,
    second: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    first: 2,
    second: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];
const unhex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));

describe('RFC 6962 reference vectors', () => {
  it('the naive tree reproduces them (so it can be trusted as the reference below)', () => {
    for (const [n, root] of CT_ROOTS.entries()) expect(hex(MTH(CT_LEAVES.slice(0, n)))).toBe(root);
    for (const v of CT_INCLUSION) expect(PATH(v.index, CT_LEAVES.slice(0, v.size)).map(hex)).toEqual(v.proof);
    for (const v of CT_CONSISTENCY) expect(PROOF(v.first, CT_LEAVES.slice(0, v.second)).map(hex)).toEqual(v.proof);
  });

  it('the tile builder gives the published root after each leaf', () => {
    const builder = TileBuilder.empty();
    expect(hashToHex(builder.root())).toBe(CT_ROOTS[0]);
    expect(hashToHex(EMPTY_ROOT)).toBe(CT_ROOTS[0]);
    CT_LEAVES.forEach((entry, i) => {
      builder.push(leafHash(entry));
      expect(hashToHex(builder.root())).toBe(CT_ROOTS[i + 1]);
    });
  });

  it('the verifiers accept the published proofs and refuse them under the wrong root', () => {
    for (const v of CT_INCLUSION) {
      const leaf = leafHash(CT_LEAVES[v.index]!);
      expect(verifyInclusion(v.index, v.size, leaf, v.proof.map(unhex), unhex(CT_ROOTS[v.size]!))).toBe(true);
      expect(verifyInclusion(v.index, v.size, leaf, v.proof.map(unhex), unhex(CT_ROOTS[v.size - 1]!))).toBe(false);
    }
    for (const v of CT_CONSISTENCY) {
      const [r1, r2] = [unhex(CT_ROOTS[v.first]!), unhex(CT_ROOTS[v.second]!)];
      expect(verifyConsistency(v.first, v.second, r1, r2, v.proof.map(unhex))).toBe(true);
      expect(verifyConsistency(v.first, v.second, r2, r1, v.proof.map(unhex))).toBe(false);
    }
  });
});

describe('the tiled tree against the naive one', () => {
  const MAX = 2000;
  const hashes = chainHashes(MAX, 'rfc9162');
  const entries = bytesOf(hashes);
  const tree = new MerkleLog(new MemoryTileStore());
  beforeAll(async () => {
    await tree.append(0, hashes);
  });

  it('a leaf is SHA-256(0x00 || the 32 bytes of the chain hash)', () => {
    expect(hex(leafOfChainHash(hashes[0]!))).toBe(hex(MTH(entries.slice(0, 1))));
    expect(() => leafOfChainHash(hashes[0]!.toUpperCase())).toThrow(/64 lowercase hex/);
    expect(() => leafOfChainHash(hashes[0]!.slice(2))).toThrow(/64 lowercase hex/);
  });

  it('roots of every size agree, for sizes read back from a larger tree', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: MAX }), async (size) => {
        expect(hex(await tree.rootAt(size))).toBe(hex(MTH(entries.slice(0, size))));
      }),
      { numRuns: 60 },
    );
  });

  it('inclusion proofs equal PATH and verify; any change to them fails', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: MAX }).chain((size) => fc.tuple(fc.constant(size), fc.nat({ max: size - 1 }))),
        fc.nat(),
        async ([size, index], pick) => {
          const proof = await tree.inclusionProof(index, size);
          const D = entries.slice(0, size);
          expect(proof.map(hex)).toEqual(PATH(index, D).map(hex));
          const root = MTH(D);
          const leaf = leafOfChainHash(hashes[index]!);
          expect(verifyInclusion(index, size, leaf, proof, root)).toBe(true);
          if (size > 1) expect(verifyInclusion((index + 1) % size, size, leaf, proof, root)).toBe(false);
          if (proof.length > 0) {
            const flipped = proof.map((h) => Uint8Array.from(h));
            flipped[pick % proof.length]![pick % 32]! ^= 1;
            expect(verifyInclusion(index, size, leaf, flipped, root)).toBe(false);
            expect(verifyInclusion(index, size, leaf, proof.slice(0, -1), root)).toBe(false);
          }
          expect(verifyInclusion(index, size, leaf, [...proof, root], root)).toBe(false);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('consistency proofs equal PROOF and verify; any change to them fails', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: MAX }).chain((to) => fc.tuple(fc.integer({ min: 1, max: to }), fc.constant(to))),
        fc.nat(),
        async ([from, to], pick) => {
          const proof = await tree.consistencyProof(from, to);
          expect(proof.map(hex)).toEqual(PROOF(from, entries.slice(0, to)).map(hex));
          const [r1, r2] = [MTH(entries.slice(0, from)), MTH(entries.slice(0, to))];
          expect(verifyConsistency(from, to, r1, r2, proof)).toBe(true);
          if (from < to) {
            const flipped = proof.map((h) => Uint8Array.from(h));
            flipped[pick % proof.length]![pick % 32]! ^= 1;
            expect(verifyConsistency(from, to, r1, r2, flipped)).toBe(false);
            expect(verifyConsistency(from, to, r1, r2, proof.slice(0, -1))).toBe(false);
            expect(verifyConsistency(from, to, r2, r1, proof)).toBe(false);
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('the edges: empty proofs between equal sizes and from the empty tree, nothing beyond the head', async () => {
    const r5 = MTH(entries.slice(0, 5));
    expect(await tree.consistencyProof(5, 5)).toEqual([]);
    expect(verifyConsistency(5, 5, r5, r5, [])).toBe(true);
    expect(verifyConsistency(5, 5, r5, MTH(entries.slice(0, 6)), [])).toBe(false);
    expect(await tree.consistencyProof(0, 7)).toEqual([]);
    expect(verifyConsistency(0, 7, EMPTY_ROOT, MTH(entries.slice(0, 7)), [])).toBe(true);
    expect(verifyConsistency(6, 5, r5, r5, [])).toBe(false);
    await expect(tree.rootAt(MAX + 1)).rejects.toMatchObject({ code: 'tree_size_unavailable', status: 404 });
    await expect(tree.inclusionProof(10, 10)).rejects.toMatchObject({ code: 'leaf_out_of_range', status: 400 });
    await expect(tree.inclusionProof(-1, 10)).rejects.toMatchObject({ code: 'leaf_out_of_range' });
    await expect(tree.consistencyProof(8, 7)).rejects.toMatchObject({ code: 'invalid_range' });
    await expect(tree.inclusionProof(0, 1.5)).rejects.toMatchObject({ code: 'invalid_size' });
  });
});
