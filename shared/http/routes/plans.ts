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
import { measureView, planView } from '../../views/plan-view';
import { listPlans } from '../../views/queries';
import { envelope, runCommand, WriteHeadersSchema, writeResponses } from '../command-route';
import type { ApiDeps } from '../deps';
import type { ApiEnv } from '../env';
import { errorResponses, openapi } from '../openapi-common';
import { ReadQuerySchema, readState } from '../read-context';

export const PlanParams = z.object({
  planId: openapi(IdSchema, { param: { name: 'planId', in: 'path' }, example: 'spb-smolensk-2021-2023' }),
});
export const MeasureParams = PlanParams.extend({
  number: openapi(MeasureNumberSchema, { param: { name: 'number', in: 'path' }, example: '2.1' }),
});
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } }, required: true });

const CreatePlanBody = z.object({ planId: IdSchema, ...planFields }).openapi('CreatePlan');
const AddSectionBody = z.object(sectionFields).openapi('AddSection');
const AddMeasureBody = z
  .object({
    number: MeasureNumberSchema,
    sectionNumber: SectionNumberSchema,
    ...measureFields,
    executors: AssignmentsSchema,
  })
  .openapi('AddMeasure');
const AmendMeasureBody = z
  .object({
    title: measureFields.title.optional(),
    term: measureFields.term.optional(),
    fromYear: YearSchema.optional(),
    toYear: YearSchema.optional(),
    executors: AssignmentsSchema.optional(),
    reason: textSchema(MAX_REASON_LENGTH).optional(),
  })
  .openapi('AmendMeasure');
const View = z.record(z.string(), z.unknown());
const PlanViewQuery = ReadQuerySchema.extend({
  after: MeasureNumberSchema.optional().openapi({ description: 'Page: measures after this number (natural order).' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .optional()
    .openapi({ description: 'Page size in measures (default 500).' }),
});

export function planRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/plans',
      tags: ['plans'],
      summary: 'Create a plan (coordinator)',
      request: { headers: WriteHeadersSchema, body: json(CreatePlanBody) },
      responses: { ...writeResponses, ...errorResponses },
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
      tags: ['plans'],
      summary: 'Add a section (coordinator)',
      request: { params: PlanParams, headers: WriteHeadersSchema, body: json(AddSectionBody) },
      responses: { ...writeResponses, ...errorResponses },
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
      tags: ['plans'],
      summary: 'Add a measure to a section (coordinator)',
      request: { params: PlanParams, headers: WriteHeadersSchema, body: json(AddMeasureBody) },
      responses: { ...writeResponses, ...errorResponses },
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
      tags: ['plans'],
      summary: 'Amend a measure: title, term, executors (coordinator)',
      request: { params: MeasureParams, headers: WriteHeadersSchema, body: json(AmendMeasureBody) },
      responses: { ...writeResponses, ...errorResponses },
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
      tags: ['plans'],
      summary: 'List plans',
      request: { query: ReadQuerySchema },
      responses: {
        200: {
          description: 'Plans',
          content: { 'application/json': { schema: z.object({ position: z.number().int(), plans: z.array(View) }) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const state = await readState(c, deps, c.req.valid('query'));
      return c.json({ position: state.position, plans: await listPlans(state.views) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/plans/{planId}',
      tags: ['plans'],
      summary: 'The plan view: sections, measures in natural order, executors, entries',
      request: { params: PlanParams, query: PlanViewQuery },
      responses: {
        200: { description: 'The plan', content: { 'application/json': { schema: View.openapi('PlanView') } } },
        ...errorResponses,
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
      tags: ['plans'],
      summary: 'One measure with its entries and full history',
      request: { params: MeasureParams, query: ReadQuerySchema },
      responses: {
        200: { description: 'The measure', content: { 'application/json': { schema: View.openapi('MeasureView') } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const state = await readState(c, deps, c.req.valid('query'));
      const { planId, number } = c.req.valid('param');
      return c.json(
        { position: state.position, replayed: state.replayed, ...(await measureView(state.views, planId, number)) },
        200,
      );
    },
  );
  return app;
}
