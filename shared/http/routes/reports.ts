// The yearly report: live (from the views, or as of a moment by replaying the log),
// and its publications (immutable revisions, served byte for byte as hashed).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { foldPlan, parseEventData, planStreamId } from '../../domain';
import { textSchema } from '../../domain/fields';
import { MAX_NAME_LENGTH } from '../../domain/limits';
import { AppError, NotFoundError } from '../../errors';
import { buildReportModel } from '../../report/build-model';
import { REPORT_FORMATS, type ReportFormat, ReportModelSchema } from '../../report/model';
import { getPublication, listPublications, PublicationSchema } from '../../report/publish';
import { REPORT_CONTENT_TYPES, renderReport, reportFileName } from '../../report/render';
import { sha256Hex } from '../../store/canonical';
import type { ApiDeps } from '../deps';
import type { ApiEnv } from '../env';
import { jsonResponse, openapi, problems, READ_PROBLEMS } from '../openapi-common';
import { type ReadQuery, ReadQuerySchema, readState, wholeNumber, yearParam } from '../read-context';
import { wireResponse } from '../wire-schema';
import { PlanParams } from './plans';

class NotAcceptableError extends AppError {
  readonly status = 406;
}

const YearParams = PlanParams.extend({
  year: yearParam(),
});
const RevisionParams = YearParams.extend({
  revision: wholeNumber(1, 1_000_000, 'The revision (1 is the first publication).').openapi({
    param: { name: 'revision', in: 'path' },
    example: 1,
  }),
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

function fileResponse<E extends ApiEnv>(
  c: Context<E>,
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
      operationId: 'getReport',
      tags: ['reports'],
      summary:
        "The yearly execution report (joint, or one party's), live or as of a moment, as JSON, HTML, DOCX or CSV",
      request: { params: YearParams, query: ReportQuery },
      responses: {
        200: { description: 'The report (X-Position: the log position it reflects)', content: files },
        ...problems(...READ_PROBLEMS, 403, 404, 406),
      },
    }),
    async (c) => {
      const { planId, year } = c.req.valid('param');
      const query = c.req.valid('query');
      const format = negotiateFormat(c, query.format);
      return reportFile(c, deps, {
        planId,
        year,
        format,
        includeAppendix: query.appendix === 'true',
        party: query.party ?? null,
        read: query,
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/plans/{planId}/reports/{year}/published',
      operationId: 'listPublications',
      tags: ['reports'],
      summary: "The published revisions of a yearly report: the joint report's (party null) and each party's",
      request: { params: YearParams, query: PartyQuery },
      responses: {
        200: jsonResponse(
          z.object({ revisions: z.array(openapi(wireResponse(PublicationSchema), 'Publication')) }),
          'Revisions, oldest first',
        ),
        ...problems(401, 403, 404, 500, 503),
      },
    }),
    async (c) => {
      const { planId, year } = c.req.valid('param');
      const { party } = c.req.valid('query');
      await requirePlanYear(deps, planId, year);
      const revisions = await listPublications(deps.store, planId, year);
      return c.json({ revisions: party === undefined ? revisions : revisions.filter((r) => r.party === party) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/plans/{planId}/reports/{year}/published/{revision}',
      operationId: 'getPublishedReport',
      tags: ['reports'],
      summary: 'A published artifact, byte-identical to the file whose SHA-256 the publication recorded',
      request: { params: RevisionParams, query: FormatQuery },
      responses: {
        200: { description: 'The stored file', content: files },
        ...problems(400, 401, 403, 404, 406, 500, 503),
      },
    }),
    async (c) => {
      const { planId, year, revision } = c.req.valid('param');
      const format = negotiateFormat(c, c.req.valid('query').format);
      return publishedFile(c, deps, { planId, year, revision, format });
    },
  );
  return app;
}

/**
 * Publications are read from the log, so the plan is too (the views may not have it yet):
 * 404 for a plan that does not exist or a year outside its years.
 */
async function requirePlanYear(deps: ApiDeps, planId: string, year: number): Promise<void> {
  const events = await deps.store.readStream(planStreamId(planId));
  const plan = foldPlan(events.map((e) => parseEventData(e.type, e.schemaVersion, e.data)));
  if (!plan) throw new NotFoundError('plan_not_found', `There is no plan ${planId}.`, { planId });
  if (year < plan.fromYear || year > plan.toYear) {
    throw new NotFoundError(
      'year_outside_plan',
      `Plan ${planId} covers ${plan.fromYear}-${plan.toYear}, not ${year}.`,
      {
        planId,
        year,
      },
    );
  }
}

class StoreIntegrityError extends AppError {
  readonly status = 500;
}

/** The live report (or as of a moment) as a file: what the API route and the report page serve. */
export async function reportFile<E extends ApiEnv>(
  c: Context<E>,
  deps: ApiDeps,
  request: {
    planId: string;
    year: number;
    format: ReportFormat;
    includeAppendix: boolean;
    /** A party of the plan; null: the joint report. */
    party: string | null;
    read: ReadQuery;
  },
): Promise<Response> {
  const { planId, year, format, includeAppendix, party } = request;
  // The views move under a live read: build, then check nothing moved meanwhile.
  for (let attempt = 1; ; attempt++) {
    const state = await readState(c, deps, request.read);
    const model = await buildReportModel(state.views, {
      planId,
      year,
      position: state.position,
      chainHash: state.hash,
      includeAppendix,
      party,
    });
    if (!state.replayed && (await state.views.checkpoint()).position !== state.position && attempt < 5) continue;
    const rendered = await renderReport(model, format);
    return fileResponse(c, rendered.body, rendered.contentType, reportFileName(model, format), {
      'x-position': String(model.position),
      'x-chain-hash': model.chainHash,
    });
  }
}

/** A published file, byte for byte, after checking it against the hash its publication recorded. */
export async function publishedFile<E extends ApiEnv>(
  c: Context<E>,
  deps: ApiDeps,
  request: { planId: string; year: number; revision: number; format: ReportFormat },
): Promise<Response> {
  const { planId, year, revision, format } = request;
  await requirePlanYear(deps, planId, year);
  const publication = await getPublication(deps.store, planId, year, revision);
  const artifact = publication.artifacts.find((a) => a.format === format);
  if (!artifact) throw new NotAcceptableError('not_acceptable', `Revision ${revision} has no ${format} file.`);
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
}
