// The Merkle tree over the log, for auditors and coordinators (docs/MERKLE.md): signed
// checkpoints of the tree, inclusion and consistency proofs (RFC 9162), and the verifier
// key to check them with. Checkpoints are signed on demand: Ed25519 is deterministic and
// the root of a size never changes, so the same size always gives the same note.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { signCheckpoint, verifierKeyOf } from '../../merkle/checkpoint';
import { CheckpointUnavailableError, TreeSizeUnavailableError } from '../../merkle/errors';
import { hashToHex } from '../../merkle/hash';
import { MerkleLog } from '../../merkle/merkle-log';
import { proveConsistency, proveInclusion } from '../../merkle/proof-documents';
import type { CheckpointSigner } from '../../merkle/signer';
import type { ApiDeps } from '../deps';
import type { ApiEnv } from '../env';
import { jsonResponse, openapi, problems, READ_PROBLEMS } from '../openapi-common';
import { POSITION_MAX, wholeNumber } from '../read-context';

/** Who may ask for proofs and checkpoints. */
export const PROOF_READERS = ['auditor', 'coordinator'];

const hex = (description: string) =>
  z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .openapi({ description });
const size = (description: string) => wholeNumber(0, POSITION_MAX, description);

const CheckpointQuery = z.object({
  size: size('A tree size up to the latest (default: the latest tree head).').optional(),
});
const InclusionQuery = z.object({
  position: wholeNumber(1, POSITION_MAX, 'The log position of the event (leaf index + 1).'),
  size: size('The tree size to prove it in, at least `position` (default: the latest tree head).').optional(),
});
const ConsistencyQuery = z.object({
  from: size('The older tree size.'),
  to: size('The newer tree size, at least `from` (default: the latest tree head).').optional(),
});

const CheckpointSchema = openapi(
  z.object({
    origin: z.string().openapi({ description: 'The log the checkpoint is of (its first line, and the key name).' }),
    size: z.number().int().openapi({ description: 'The checkpoint covers log positions 1..size.' }),
    rootHash: hex('MTH of those events (RFC 9162), hex; base64 in the note.'),
    checkpoint: z.string().openapi({
      description:
        'The signed note (c2sp.org/tlog-checkpoint): origin, size, base64 root, a blank line and the signature line. Save it as a file for docs/verify-proof.mjs.',
    }),
  }),
  'Checkpoint',
);
const InclusionSchema = openapi(
  z.object({
    position: z.number().int(),
    size: z.number().int(),
    leafIndex: z.number().int().openapi({ description: 'position - 1' }),
    hashes: z.array(hex('A sibling, from the leaf upwards (RFC 9162 §2.1.3).')),
    rootHash: hex('MTH(size): what the hashes lead to; must be the root of the signed checkpoint of that size.'),
  }),
  'InclusionProof',
);
const ConsistencySchema = openapi(
  z.object({
    from: z.number().int(),
    to: z.number().int(),
    hashes: z.array(hex('A node of the proof, bottom-up (RFC 9162 §2.1.4).')),
  }),
  'ConsistencyProof',
);
const PublicKeySchema = openapi(
  z.object({
    keyName: z.string().openapi({ description: 'The signed-note key name: the log origin.' }),
    algorithm: z.literal('Ed25519'),
    publicKey: z.string().openapi({ description: 'The raw 32-byte Ed25519 public key, base64.' }),
    verifierKey: z.string().openapi({
      description: '`<name>+<key ID>+<base64(0x01 || key)>`, the form docs/verify-proof.mjs and Go sumdb/note take.',
    }),
  }),
  'CheckpointPublicKey',
);

export function proofRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<ApiEnv>();
  const treeOf = () => {
    if (!deps.tiles) throw new CheckpointUnavailableError('no Merkle tree is configured');
    return new MerkleLog(deps.tiles);
  };
  const signerOf = (): Promise<CheckpointSigner> => {
    if (!deps.signer) throw new CheckpointUnavailableError('no checkpoint signing key is configured');
    return deps.signer();
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/audit/checkpoint',
      operationId: 'getCheckpoint',
      'x-roles': PROOF_READERS,
      tags: ['audit'],
      summary: 'A signed checkpoint of the Merkle tree over the log: the latest, or of a given size',
      description:
        'The tree follows the views (it may lag the log by a projector batch). 404 for a size the tree has not reached.',
      request: { query: CheckpointQuery },
      responses: {
        200: jsonResponse(CheckpointSchema, 'The checkpoint'),
        ...problems(...READ_PROBLEMS, 403, 404),
      },
    }),
    async (c) => {
      const tree = treeOf();
      const signer = await signerOf();
      const head = await tree.head();
      const wanted = c.req.valid('query').size ?? head.size;
      const rootHash = await tree.rootAt(wanted, head);
      const checkpoint = await signCheckpoint({ origin: signer.keyName, size: wanted, rootHash }, signer);
      return c.json({ origin: signer.keyName, size: wanted, rootHash: hashToHex(rootHash), checkpoint }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/audit/proofs/inclusion',
      operationId: 'proveInclusion',
      'x-roles': PROOF_READERS,
      tags: ['audit'],
      summary: 'That the event at a position is in the log of a given size (RFC 9162 inclusion proof)',
      description:
        '400 for a position beyond the size; 404 for a size the tree has not reached. Check it with `node docs/verify-proof.mjs inclusion`.',
      request: { query: InclusionQuery },
      responses: {
        200: jsonResponse(InclusionSchema, 'The proof'),
        ...problems(...READ_PROBLEMS, 403, 404),
      },
    }),
    async (c) => {
      const tree = treeOf();
      const query = c.req.valid('query');
      const head = await tree.head();
      // Without a size, a position the tree has not reached yet is "not yet", not a bad request.
      if (query.size === undefined && query.position > head.size) {
        throw new TreeSizeUnavailableError(query.position, head.size);
      }
      return c.json(await proveInclusion(tree, query.position, query.size ?? head.size, head), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/audit/proofs/consistency',
      operationId: 'proveConsistency',
      'x-roles': PROOF_READERS,
      tags: ['audit'],
      summary: 'That the log of size `to` extends the log of size `from` (RFC 9162 consistency proof)',
      description:
        '400 when from > to; 404 for a size the tree has not reached. Check it with `node docs/verify-proof.mjs consistency`.',
      request: { query: ConsistencyQuery },
      responses: {
        200: jsonResponse(ConsistencySchema, 'The proof'),
        ...problems(...READ_PROBLEMS, 403, 404),
      },
    }),
    async (c) => {
      const tree = treeOf();
      const query = c.req.valid('query');
      const head = await tree.head();
      if (query.to === undefined && query.from > head.size) throw new TreeSizeUnavailableError(query.from, head.size);
      return c.json(await proveConsistency(tree, query.from, query.to ?? head.size, head), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/audit/public-key',
      operationId: 'getCheckpointPublicKey',
      'x-roles': PROOF_READERS,
      tags: ['audit'],
      summary: 'The key checkpoints are signed with (compare it with the one published in the README)',
      responses: {
        200: jsonResponse(PublicKeySchema, 'The verifier key'),
        ...problems(401, 403, 503),
      },
    }),
    async (c) => {
      const signer = await signerOf();
      return c.json(
        {
          keyName: signer.keyName,
          algorithm: 'Ed25519' as const,
          publicKey: Buffer.from(signer.publicKey).toString('base64'),
          verifierKey: verifierKeyOf(signer),
        },
        200,
      );
    },
  );
  return app;
}
