// The yearly report: live (from the views, or as of a moment by replaying the log),
// and its publications (immutable revisions, served byte for byte as hashed).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { textSchema } from '../../domain/fields';
import { MAX_NAME_LENGTH } from '../../domain/limits';
import { AppError, ValidationError } from '../../errors';
import { buildReportModel } from '../../report/build-model';
import { REPORT_FORMATS, type ReportFormat, ReportModelSchema } from '../../report/model';
import { getPublication, listPublications } from '../../report/publish';
import { REPORT_CONTENT_TYPES, renderReport, reportFileName } from '../../report/render';
import { sha256Hex } from '../../store/canonical';
import type { ApiDeps } from '../deps';
import type { ApiEnv } from '../env';
import { errorResponses, openapi } from '../openapi-common';
import { ReadQuerySchema, readState } from '../read-context';
import { PlanParams } from './plans';

class NotAcceptableError extends AppError {
  readonly status = 406;
}

const YearParams = PlanParams.extend({
  year: z.coerce
    .number()
    .int()
    .min(1990)
    .max(2100)
    .openapi({ param: { name: 'year', in: 'path' }, example: 2023 }),
});
const RevisionParams = YearParams.extend({
  revision: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ param: { name: 'revision', in: 'path' } }),
});
const FormatQuery = z.object({
  format: z.enum(['json', 'html', 'docx', 'csv']).optional().openapi({ description: 'Overrides the Accept header.' }),
});
const PartyQuery = z.object({
  party: textSchema(MAX_NAME_LENGTH).optional().openapi({
    description:
      "A party of the plan («Смоленская область»): that party's report, its executors and entries only. Without it, the joint report.",
    example: 'Смоленская область',
  }),
});
const ReportQuery = ReadQuerySchema.extend(FormatQuery.shape)
  .extend(PartyQuery.shape)
  .extend({
    appendix: z
      .enum(['true', 'false'])
      .optional()
      .openapi({ description: 'Add the measures without information for the year as an appendix.' }),
  });
const files = {
  'application/json': { schema: openapi(ReportModelSchema, 'ReportModel') },
  'text/html': { schema: z.string() },
  'text/csv': { schema: z.string() },
  [REPORT_CONTENT_TYPES.docx]: { schema: z.string().openapi({ format: 'binary' }) },
};

/** ?format= first, then the Accept header; JSON when the client takes anything. */
export function negotiateFormat(c: Context<ApiEnv>, explicit: ReportFormat | undefined): ReportFormat {
  if (explicit) return explicit;
  const accept = (c.req.header('accept') ?? '*/*').toLowerCase();
  const ranked = accept
    .split(',')
    .map((part) => {
      const [type = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.split('=')[1] ?? 1);
      return { type: type.trim(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { type } of ranked) {
    if (type === '*/*' || type === 'application/*' || type === 'application/json') return 'json';
    const found = REPORT_FORMATS.find(
      (f) => REPORT_CONTENT_TYPES[f].startsWith(type) || (type === 'text/*' && f === 'html'),
    );
    if (found) return found;
  }
  throw new NotAcceptableError(
    'not_acceptable',
    `The report comes as ${REPORT_FORMATS.map((f) => REPORT_CONTENT_TYPES[f].split(';')[0]).join(', ')}.`,
  );
}

function fileResponse(
  c: Context<ApiEnv>,
  body: Uint8Array,
  contentType: string,
  fileName: string,
  extra: Record<string, string>,
) {
  const headers: Record<string, string> = {
    'content-type': contentType,
    'content-disposition': `${contentType.startsWith('text/html') || contentType.startsWith('application/json') ? 'inline' : 'attachment'}; filename="${fileName}"`,
    'x-content-sha256': sha256Hex(body),
    ...extra,
  };
  c.res.headers.forEach((value, key) => {
    if (key.startsWith('x-')) headers[key] = headers[key] ?? value;
  });
  return new Response(body, { status: 200, headers });
}

export function reportRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/plans/{planId}/reports/{year}',
      tags: ['reports'],
      summary:
        "The yearly execution report (joint, or one party's), live or as of a moment, as JSON, HTML, DOCX or CSV",
      request: { params: YearParams, query: ReportQuery },
      responses: {
        200: { description: 'The report (X-Position: the log position it reflects)', content: files },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { planId, year } = c.req.valid('param');
      const query = c.req.valid('query');
      const format = negotiateFormat(c, query.format);
      const includeAppendix = query.appendix === 'true';
      // The views move under a live read: build, then check nothing moved meanwhile.
      for (let attempt = 1; ; attempt++) {
        const state = await readState(c, deps, query);
        const model = await buildReportModel(state.views, {
          planId,
          year,
          position: state.position,
          chainHash: state.hash,
          includeAppendix,
          party: query.party ?? null,
        });
        if (!state.replayed && (await state.views.checkpoint()).position !== state.position && attempt < 5) continue;
        const rendered = await renderReport(model, format);
        return fileResponse(c, rendered.body, rendered.contentType, reportFileName(model, format), {
          'x-position': String(model.position),
          'x-chain-hash': model.chainHash,
        });
      }
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/plans/{planId}/reports/{year}/published',
      tags: ['reports'],
      summary: "The published revisions of a yearly report: the joint report's (party null) and each party's",
      request: { params: YearParams, query: PartyQuery },
      responses: {
        200: {
          description: 'Revisions, oldest first',
          content: {
            'application/json': { schema: z.object({ revisions: z.array(z.record(z.string(), z.unknown())) }) },
          },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { planId, year } = c.req.valid('param');
      const { party } = c.req.valid('query');
      const revisions = await listPublications(deps.store, planId, year);
      return c.json({ revisions: party === undefined ? revisions : revisions.filter((r) => r.party === party) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/plans/{planId}/reports/{year}/published/{revision}',
      tags: ['reports'],
      summary: 'A published artifact, byte-identical to the file whose SHA-256 the publication recorded',
      request: { params: RevisionParams, query: FormatQuery },
      responses: { 200: { description: 'The stored file', content: files }, ...errorResponses },
    }),
    async (c) => {
      const { planId, year, revision } = c.req.valid('param');
      const format = negotiateFormat(c, c.req.valid('query').format);
      const publication = await getPublication(deps.store, planId, year, revision);
      const artifact = publication.artifacts.find((a) => a.format === format);
      if (!artifact)
        throw new ValidationError(`Revision ${revision} has no ${format} file.`, [
          { path: 'format', message: 'not published' },
        ]);
      const stored = await deps.artifacts.get(artifact.key);
      if (!stored || sha256Hex(stored.body) !== artifact.sha256) {
        deps.logger.error('published artifact missing or altered', { key: artifact.key, planId, year, revision });
        throw new StoreIntegrityError(
          'artifact_integrity',
          `The stored ${format} file of revision ${revision} does not match its recorded hash.`,
        );
      }
      return fileResponse(c, stored.body, artifact.contentType, artifact.fileName, {
        'x-position': String(publication.position),
        'x-chain-hash': publication.chainHash,
        'x-revision': String(revision),
      });
    },
  );
  return app;
}

class StoreIntegrityError extends AppError {
  readonly status = 500;
}
