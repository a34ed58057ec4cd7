// Auditors' reads (any key): the global log paged and exported as NDJSON, one
// stream's history, a verification of the hash chain, and what changed in a yearly
// report between two moments. Nothing here writes. A key limited to plans reads its
// plans' streams and changes, not the whole log (shared/http/scope.ts says why).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  ENTRY_FIELDS,
  EventEnvelopeSchema,
  EXPORT_CONTENT_TYPE,
  exportPages,
  pagesToStream,
  reportChanges,
  resolveExportRange,
  verifyStore,
} from '../../audit';
import { PeriodSchema } from '../../domain/period';
import { NotFoundError, ValidationError } from '../../errors';
import type { ApiDeps } from '../deps';
import type { ApiEnv } from '../env';
import { openapi, problems, READ_PROBLEMS } from '../openapi-common';
import { POSITION_MAX, wholeNumber, yearParam } from '../read-context';
import { requireStreamInScope, requireWholeLog } from '../scope';
import { liveVerifyOptions } from '../verify-options';
import { wireResponse } from '../wire-schema';
import { PlanParams } from './plans';

const position = (description: string) => wholeNumber(1, POSITION_MAX, description).optional();
const pageLimit = (description: string) => wholeNumber(1, 1000, description).optional();
// Re-wrapped: a schema built before @hono/zod-openapi loaded has no .openapi(), and the
// generator cannot follow the recursive JSON schema of `data`.
const Envelope = openapi(
  wireResponse(
    z.object({
      ...EventEnvelopeSchema.shape,
      data: z.record(z.string(), z.unknown()).openapi({ description: 'The event data (JSON), as hashed.' }),
    }),
  ),
  'EventEnvelope',
);

const EventsQuery = z.object({
  from: position('First position (default 1).'),
  limit: pageLimit('Events per page, 1-1000 (default 100).'),
});
const RangeQuery = z.object({
  from: position('First position (default 1).'),
  to: wholeNumber(0, POSITION_MAX, 'Last position (default: the head when the request starts).').optional(),
});
const VerifyQuery = RangeQuery.extend({
  after: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional()
    .openapi({
      description:
        'With `from` of at least 2: the hash at `from - 1` that the verification this one goes on from ended on ' +
        '(its `headHash`). The event there must still have it, stored and recomputed, or the answer is `hash_mismatch` ' +
        'at `from - 1`. Without it, the link is checked against the hash the log stores there, and nothing before `from` is.',
      example: 'a3f1c2d4e5b6a7980112233445566778899aabbccddeeff00112233445566778',
    }),
});
const ExportQuery = RangeQuery.extend({
  pageSize: pageLimit('Events read from the store per step of the stream (default 500).'),
});
const StreamParams = z.object({
  streamId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$/)
    .openapi({ param: { name: 'streamId', in: 'path' }, example: 'measure-spb-smolensk-2021-2023-2.1' }),
});
const StreamQuery = z.object({
  fromVersion: position('First version (default 1).'),
  limit: pageLimit('Events per page, 1-1000 (default 100).'),
});
const YearParams = PlanParams.extend({
  year: yearParam(),
});
const ChangesQuery = z.object({
  from: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: 'Start of the window: the state as of this instant (default: the empty log).' }),
  to: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: 'End of the window: the state as of this instant (default: the head).' }),
  fromPosition: wholeNumber(0, POSITION_MAX, 'Start of the window as a log position (instead of from).').optional(),
  toPosition: wholeNumber(0, POSITION_MAX, 'End of the window as a log position (instead of to).').optional(),
});

const TreeReport = z.union([
  z.object({
    ok: z.literal(true),
    size: z.number().int().openapi({ description: 'Leaves of the latest tree head (the tree may lag the log).' }),
    rootHash: z.string().openapi({ description: 'Its root, recomputed from the log (hex).' }),
    tilesChecked: z.number().int(),
    treeHeadsChecked: z.number().int(),
    checkpointsChecked: z
      .number()
      .int()
      .openapi({ description: 'Checkpoints recorded in the log whose root and note equal the log at their size.' }),
  }),
  z.object({
    ok: z.literal(false),
    place: z.string().openapi({
      description: 'The first tile (`tile/<L>/<N>[.p/<W>]`), tree head or recorded checkpoint that differs.',
    }),
    problem: z.enum([
      'tile_missing',
      'tile_mismatch',
      'tree_head_mismatch',
      'log_shorter_than_tree',
      'checkpoint_mismatch',
    ]),
    detail: z.string(),
    position: z.number().int().openapi({ description: 'The first log position concerned.' }),
  }),
]);

const SnapshotReport = z.union([
  z.object({ ok: z.literal(true), snapshotsChecked: z.number().int(), blobsChecked: z.number().int() }),
  z.object({
    ok: z.literal(false),
    position: z.number().int().openapi({ description: 'The position of the first snapshot that differs.' }),
    place: z
      .string()
      .openapi({ description: 'The blob (`snapshot/<sha256>`) or index entry (`snapshots/<position>`) that differs.' }),
    detail: z.string(),
    snapshotsChecked: z.number().int(),
  }),
]);

/** How long into a verify request the views may still be compared (the rest of the 29 s is for answering). */
const ViewsReport = z.object({
  ok: z.boolean(),
  settled: z.boolean().openapi({
    description: 'False when the views were not compared (`problems` empty): see `unsettled`.',
  }),
  unsettled: z.enum(['moving', 'time']).optional().openapi({
    description: 'Why not: the checkpoint moved during every read, or the request ran out of time (use the CLI).',
  }),
  position: z.number().int().openapi({ description: 'The views checkpoint they were compared at.' }),
  generation: z.number().int(),
  documents: z.number().int().openapi({ description: 'View documents read and compared.' }),
  attempts: z.number().int(),
  partsInFlight: z.number().int().openapi({
    description: 'Documents written ahead of the checkpoint by the leading parts of the next event (split commits).',
  }),
  problems: z.array(
    z.object({
      kind: z.enum(['view_altered', 'view_missing', 'view_extra', 'checkpoint_wrong']),
      pk: z.string(),
      sk: z.string(),
      detail: z.string(),
    }),
  ),
  problemCount: z.number().int(),
});

const Verdict = z
  .object({
    ok: z.boolean(),
    from: z.number().int().optional(),
    to: z.number().int().optional(),
    count: z.number().int().openapi({ description: 'Events checked (before the problem, when there is one).' }),
    headHash: z
      .string()
      .optional()
      .openapi({ description: 'The hash of the last event verified (the head when verifying to it).' }),
    position: z
      .number()
      .int()
      .optional()
      .openapi({
        description:
          'The first bad position. `unfinished`: the first not checked, to verify again from (with `after` = `headHash`); ' +
          'past the head when the whole chain was read and only the checks beside it were not all made (see `checks`): ' +
          'those need a verification of the whole log.',
      }),
    problem: z
      .enum([
        'unfinished',
        'nothing_checked',
        'hash_mismatch',
        'broken_link',
        'gap',
        'head_mismatch',
        'unreadable',
        'integrity',
        'tree',
        'snapshot',
        'views',
        'views_moving',
        'views_unchecked',
      ])
      .optional(),
    detail: z.string().optional(),
    checks: z.array(z.enum(['chain', 'integrity', 'tree', 'snapshots', 'views'])).openapi({
      description:
        'The checks made; on `ok: true` each of them passed. `["chain"]` alone when the range is not the whole log ' +
        '(`from` 1 to the head): the index, tips, head and guards, the Merkle tree, the snapshots and the live views ' +
        'were not checked. `[]` with `nothing_checked`.',
    }),
    integrity: z
      .object({
        ok: z.boolean(),
        checked: z.object({
          events: z.number().int(),
          indexItems: z.number().int().openapi({
            description: 'Stream versions whose index entry was checked (one item may cover a run of them)',
          }),
          tips: z.number().int(),
          guards: z.number().int(),
          streams: z.number().int(),
        }),
        problems: z.array(
          z.object({
            kind: z.enum([
              'index_missing',
              'index_wrong',
              'index_orphan',
              'version_gap',
              'tip_missing',
              'tip_wrong',
              'tip_orphan',
              'head_missing',
              'head_mismatch',
              'guard_missing',
              'guard_wrong',
              'unknown_item',
            ]),
            position: z.number().int().nullable(),
            streamId: z.string().nullable(),
            detail: z.string(),
          }),
        ),
        problemCount: z.number().int(),
      })
      .optional()
      .openapi({
        description:
          'The stream index, tips, head and command guards checked against the log (when the whole log is verified).',
      }),
    tree: TreeReport.optional().openapi({
      description:
        'The Merkle tree rebuilt from the log and compared with its stored tiles (when the whole log is verified).',
    }),
    snapshots: SnapshotReport.optional().openapi({
      description:
        'Every stored snapshot of the views written again from one replay of the log and compared, blob by blob (when the whole log is verified).',
    }),
    views: ViewsReport.optional().openapi({
      description:
        'The live views compared, document by document, with a replay of the log to their checkpoint (when the whole log is verified).',
    }),
  })
  .openapi('Verdict');
const Actor = z.object({
  keyId: z.string(),
  role: z.string(),
  executorId: z.string().optional(),
  principal: z.string().optional(),
});
const Change = z
  .object({
    kind: z.enum([
      'added',
      'corrected',
      'withdrawn',
      'measure-added',
      'measure-amended',
      'executor-renamed',
      'executor-liquidated',
    ]),
    position: z.number().int(),
    recordedAt: z.string(),
    actor: Actor,
    number: z.string().optional().openapi({ description: 'The measure (entries and measure changes).' }),
    reportId: z.string().optional().openapi({ description: 'The entry (added, corrected, withdrawn).' }),
    reason: z.string().nullable().optional(),
    entry: z
      .object({
        executorId: z.string(),
        text: z.string(),
        period: PeriodSchema,
        place: z.string().nullable(),
        participants: z.number().int().nullable(),
        regions: z.number().int().nullable(),
      })
      .optional()
      .openapi({ description: 'added: the entry as reported; withdrawn: as it stood.' }),
    changes: z
      .array(
        z.object({
          field: z.string().openapi({ description: `An entry field (${ENTRY_FIELDS.join(', ')}) or a measure field.` }),
          before: z.unknown(),
          after: z.unknown(),
        }),
      )
      .optional(),
    title: z.string().optional(),
    executorId: z.string().optional().openapi({ description: 'A renamed or liquidated executor the plan names.' }),
    effectiveDate: z.string().optional(),
    before: z.string().optional(),
    after: z.string().optional(),
    successorId: z.string().nullable().optional(),
  })
  .openapi('ReportChange');
const Point = z.object({ position: z.number().int(), hash: z.string() });
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export function auditRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/events',
      operationId: 'listEvents',
      tags: ['audit'],
      summary: 'The global log in position order, every envelope field, cursor-paginated',
      request: { query: EventsQuery },
      responses: {
        200: json(
          z.object({ events: z.array(Envelope), next: z.number().int().nullable() }),
          'A page; `next` is where the next page starts, null at the head',
        ),
        ...problems(...READ_PROBLEMS, 403),
      },
    }),
    async (c) => {
      requireWholeLog(c.get('actor'));
      const query = c.req.valid('query');
      const page = await deps.store.readAll({ fromPosition: query.from ?? 1, limit: query.limit ?? 100 });
      return c.json({ events: page.events, next: page.nextPosition }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/events/export',
      operationId: 'exportEvents',
      tags: ['audit'],
      summary: 'The log (or a range) as NDJSON, streamed: one canonical-JSON envelope per line',
      description:
        'Each line is the canonical JSON of one envelope (hash included), in position order. X-Export-From and X-Export-To give the range, fixed when the request starts: check the last line reached X-Export-To.',
      request: { query: ExportQuery },
      responses: {
        200: { description: 'The export', content: { [EXPORT_CONTENT_TYPE]: { schema: z.string() } } },
        ...problems(...READ_PROBLEMS, 403),
      },
    }),
    async (c) => {
      requireWholeLog(c.get('actor'));
      const query = c.req.valid('query');
      const range = await resolveExportRange(deps.store, query);
      const logger = c.get('logger');
      const body = pagesToStream(exportPages(deps.store, range, query.pageSize), (error) =>
        logger.error('export failed after it started', { error, ...range }),
      );
      // `as never`: @hono/zod-openapi types any application/*json* media type as a JSON body.
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': EXPORT_CONTENT_TYPE,
          'content-disposition': `attachment; filename="events-${range.from}-${range.to}.ndjson"`,
          'x-export-from': String(range.from),
          'x-export-to': String(range.to),
        },
      }) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/streams/{streamId}/events',
      operationId: 'getStreamEvents',
      tags: ['audit'],
      summary: "One stream's history in version order",
      request: { params: StreamParams, query: StreamQuery },
      responses: {
        200: json(
          z.object({
            streamId: z.string(),
            version: z.number().int(),
            events: z.array(Envelope),
            next: z.number().int().nullable(),
          }),
          'A page; `next` is the next version, null at the end',
        ),
        ...problems(...READ_PROBLEMS, 403, 404),
      },
    }),
    async (c) => {
      const { streamId } = c.req.valid('param');
      requireStreamInScope(c.get('actor'), streamId);
      const query = c.req.valid('query');
      const version = await deps.store.streamVersion(streamId);
      if (version === 0) throw new NotFoundError('stream_not_found', `There is no stream ${streamId}.`, { streamId });
      const fromVersion = query.fromVersion ?? 1;
      const toVersion = Math.min(version, fromVersion + (query.limit ?? 100) - 1);
      const events = fromVersion > version ? [] : await deps.store.readStream(streamId, { fromVersion, toVersion });
      return c.json({ streamId, version, events, next: toVersion < version ? toVersion + 1 : null }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/audit/verify',
      operationId: 'verifyLog',
      tags: ['audit'],
      summary: 'Recompute the hash chain over the live log: gapless positions, links, hashes, and the head',
      description:
        '200 whenever the verification ran; `ok` says whether the log passed the checks named in `checks`. Only ' +
        'the whole log (no `from` or `to`) is checked beside the chain; a range is the chain alone. A verification ' +
        'that would pass the time a request has stops the chain after about 16 s: `problem: "unfinished"`, with ' +
        '`from`..`to` checked and holding and `position` to verify again from (`?from=<position>&after=<headHash>`); ' +
        'the index scan and the snapshots give up at 24 s, and the views, the same way. A range past the head is ' +
        '`nothing_checked`. `npm run audit -- verify` has no limit.',
      request: { query: VerifyQuery },
      responses: { 200: json(Verdict, 'The verdict'), ...problems(...READ_PROBLEMS) },
    }),
    async (c) => {
      return c.json(await verifyStore(deps.store, c.req.valid('query'), liveVerifyOptions(deps)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/plans/{planId}/reports/{year}/changes',
      operationId: 'getReportChanges',
      tags: ['audit'],
      summary: "Entries of the year's report added, corrected and withdrawn between two moments, with who and when",
      request: { params: YearParams, query: ChangesQuery },
      responses: {
        200: json(
          z.object({ planId: z.string(), year: z.number().int(), from: Point, to: Point, changes: z.array(Change) }),
          'The changes in (from, to], in log order',
        ),
        ...problems(...READ_PROBLEMS, 403, 404),
      },
    }),
    async (c) => {
      const { planId, year } = c.req.valid('param');
      const query = c.req.valid('query');
      for (const [a, b] of [
        ['from', 'fromPosition'],
        ['to', 'toPosition'],
      ] as const) {
        if (query[a] !== undefined && query[b] !== undefined)
          throw new ValidationError(`Give ${a} or ${b}, not both.`, [{ path: b, message: `conflicts with ${a}` }]);
      }
      const result = await reportChanges(
        deps.store,
        {
          planId,
          year,
          from: { asOf: query.from, position: query.fromPosition },
          to: { asOf: query.to, position: query.toPosition },
        },
        { snapshots: deps.snapshots, logger: deps.logger },
      );
      c.header('x-position', String(result.to.position));
      c.header('x-chain-hash', result.to.hash);
      return c.json(result, 200);
    },
  );
  return app;
}
