// /v1/plans: the plan, its sections and measures (coordinator writes; any key reads).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  AddMeasureSchema,
  AddSectionSchema,
  AmendMeasureSchema,
  CreatePlanSchema,
  IdSchema,
  MeasureNumberSchema,
  parseOrThrow,
} from '../../domain';
import { SectionNumberSchema, textSchema, YearSchema } from '../../domain/fields';
import { MAX_REASON_LENGTH } from '../../domain/limits';
import { AssignmentsSchema, measureFields } from '../../domain/measure/commands';
import { planFields, sectionFields } from '../../domain/plan/commands';
import type { ViewReader } from '../../projections/view-store';
import type { PlanSummaryDoc } from '../../views/documents';
import { measureView, planView } from '../../views/plan-view';
import { DEFAULT_PAGE, getMeasure, getMeasureHistory, getPlanSummary, listPlans } from '../../views/queries';
import { MeasureHistorySchema, MeasureViewSchema, PlanListSchema, PlanViewSchema } from '../../views/responses';
import { envelope, KEEPERS, runCommand, WriteHeadersSchema, writeResponses } from '../command-route';
import type { ApiDeps } from '../deps';
import type { ApiEnv } from '../env';
import { jsonBody, jsonResponse, openapi, problems, READ_PROBLEMS, WRITE_PROBLEMS } from '../openapi-common';
import { PageQuery, POSITION_MAX, readState, wholeNumber } from '../read-context';

export const PlanParams = z.object({
  planId: openapi(IdSchema, { param: { name: 'planId', in: 'path' }, example: 'spb-smolensk-2021-2023' }),
});
export const MeasureParams = PlanParams.extend({
  number: openapi(MeasureNumberSchema, { param: { name: 'number', in: 'path' }, example: '2.1' }),
});

const CreatePlanBody = z.object({ planId: IdSchema, ...planFields });
const AddSectionBody = z.object(sectionFields);
const AddMeasureBody = z.object({
  number: MeasureNumberSchema,
  sectionNumber: SectionNumberSchema,
  ...measureFields,
  executors: AssignmentsSchema,
});
const AmendMeasureBody = z.object({
  title: measureFields.title.optional(),
  term: measureFields.term.optional(),
  fromYear: YearSchema.optional(),
  toYear: YearSchema.optional(),
  executors: AssignmentsSchema.optional(),
  reason: textSchema(MAX_REASON_LENGTH).optional(),
});
const PlanViewQuery = PageQuery(MeasureNumberSchema, 'measures after this number (natural order)');
const PositionPageQuery = PageQuery(wholeNumber(0, POSITION_MAX, 'A log position.'), 'items after this log position');

/** The plans a limited key reaches, paged like the full list (a key names at most MAX_PLANS_PER_KEY). */
async function scopedPlans(
  views: ViewReader,
  planIds: readonly string[],
  page: { after?: string | undefined; limit?: number | undefined },
) {
  const found = await Promise.all([...planIds].sort().map((planId) => getPlanSummary(views, planId)));
  const after = found.filter((plan) => plan !== null && (page.after === undefined || plan.planId > page.after));
  const items = after.slice(0, page.limit ?? DEFAULT_PAGE) as PlanSummaryDoc[];
  return { items, next: after.length > items.length ? (items.at(-1)?.planId ?? null) : null };
}

export function planRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/plans',
      operationId: 'createPlan',
      'x-roles': KEEPERS,
      tags: ['plans'],
      summary: 'Create a plan (coordinator)',
      request: { headers: WriteHeadersSchema, body: jsonBody(CreatePlanBody, 'CreatePlan') },
      responses: { ...writeResponses, ...problems(...WRITE_PROBLEMS, 404) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const command = {
        ...parseOrThrow(CreatePlanSchema, { type: 'CreatePlan', ...body }, 'plan'),
        ...envelope(c, deps),
      };
      return runCommand(c, deps, command, body, { planId: command.planId });
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/plans/{planId}/sections',
      operationId: 'addSection',
      'x-roles': KEEPERS,
      tags: ['plans'],
      summary: 'Add a section (coordinator)',
      request: { params: PlanParams, headers: WriteHeadersSchema, body: jsonBody(AddSectionBody, 'AddSection') },
      responses: { ...writeResponses, ...problems(...WRITE_PROBLEMS, 404) },
    }),
    async (c) => {
      const { planId } = c.req.valid('param');
      const body = c.req.valid('json');
      const command = {
        ...parseOrThrow(AddSectionSchema, { type: 'AddSection', planId, ...body }, 'section'),
        ...envelope(c, deps),
      };
      return runCommand(c, deps, command, body, { planId, sectionNumber: command.number });
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/plans/{planId}/measures',
      operationId: 'addMeasure',
      'x-roles': KEEPERS,
      tags: ['plans'],
      summary: 'Add a measure to a section (coordinator)',
      request: { params: PlanParams, headers: WriteHeadersSchema, body: jsonBody(AddMeasureBody, 'AddMeasure') },
      responses: { ...writeResponses, ...problems(...WRITE_PROBLEMS, 404) },
    }),
    async (c) => {
      const { planId } = c.req.valid('param');
      const body = c.req.valid('json');
      const command = {
        ...parseOrThrow(AddMeasureSchema, { type: 'AddMeasure', planId, ...body }, 'measure'),
        ...envelope(c, deps),
      };
      return runCommand(c, deps, command, body, { planId, number: command.number });
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/plans/{planId}/measures/{number}',
      operationId: 'amendMeasure',
      'x-roles': KEEPERS,
      tags: ['plans'],
      summary: 'Amend a measure: title, term, executors (coordinator)',
      request: { params: MeasureParams, headers: WriteHeadersSchema, body: jsonBody(AmendMeasureBody, 'AmendMeasure') },
      responses: { ...writeResponses, ...problems(...WRITE_PROBLEMS, 404) },
    }),
    async (c) => {
      const { planId, number } = c.req.valid('param');
      const body = c.req.valid('json');
      const command = {
        ...parseOrThrow(AmendMeasureSchema, { type: 'AmendMeasure', planId, number, ...body }, 'amendment'),
        ...envelope(c, deps),
      };
      return runCommand(c, deps, command, body, { planId, number });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/plans',
      operationId: 'listPlans',
      tags: ['plans'],
      summary: 'List plans (a key limited to plans: those)',
      request: { query: PageQuery(z.string().max(100), 'plans after this plan id') },
      responses: { 200: jsonResponse(openapi(PlanListSchema, 'PlanList'), 'Plans'), ...problems(...READ_PROBLEMS) },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const state = await readState(c, deps, query);
      const { planIds } = c.get('actor');
      const page =
        planIds === undefined
          ? await listPlans(state.views, { after: query.after, limit: query.limit })
          : await scopedPlans(state.views, planIds, query);
      return c.json({ position: state.position, plans: page.items, next: page.next }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/plans/{planId}',
      operationId: 'getPlan',
      tags: ['plans'],
      summary: 'The plan view: sections and a page of measures in natural order, with their executors and counts',
      request: { params: PlanParams, query: PlanViewQuery },
      responses: {
        200: jsonResponse(openapi(PlanViewSchema, 'PlanView'), 'The plan'),
        ...problems(...READ_PROBLEMS, 403, 404),
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const state = await readState(c, deps, query);
      const view = await planView(state.views, c.req.valid('param').planId, { after: query.after, limit: query.limit });
      return c.json({ position: state.position, replayed: state.replayed, ...view }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/plans/{planId}/measures/{number}',
      operationId: 'getMeasure',
      tags: ['plans'],
      summary: 'One measure with a page of its entries (in the order reported, withdrawn ones marked)',
      request: { params: MeasureParams, query: PositionPageQuery },
      responses: {
        200: jsonResponse(openapi(MeasureViewSchema, 'MeasureView'), 'The measure'),
        ...problems(...READ_PROBLEMS, 403, 404),
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const state = await readState(c, deps, query);
      const { planId, number } = c.req.valid('param');
      const view = await measureView(state.views, planId, number, { after: query.after, limit: query.limit });
      return c.json({ position: state.position, replayed: state.replayed, ...view }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/plans/{planId}/measures/{number}/history',
      operationId: 'getMeasureHistory',
      tags: ['plans'],
      summary: 'Every event of one measure, a page at a time: who did what, when',
      request: { params: MeasureParams, query: PositionPageQuery },
      responses: {
        200: jsonResponse(openapi(MeasureHistorySchema, 'MeasureHistory'), 'A page of events'),
        ...problems(...READ_PROBLEMS, 403, 404),
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const state = await readState(c, deps, query);
      const { planId, number } = c.req.valid('param');
      await getMeasure(state.views, planId, number);
      const page = await getMeasureHistory(state.views, planId, number, { after: query.after, limit: query.limit });
      return c.json(
        { position: state.position, replayed: state.replayed, events: page.items, nextAfter: page.next },
        200,
      );
    },
  );
  return app;
}
