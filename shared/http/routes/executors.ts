// /v1/executors: the register of executors (departments, institutions, АНО) and
// the facts that change them: renames and liquidations with a successor.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  IdSchema,
  LiquidateExecutorSchema,
  parseOrThrow,
  RegisterExecutorSchema,
  RenameExecutorSchema,
} from '../../domain';
import { executorFields, liquidationFields, renameFields } from '../../domain/executor/commands';
import { getExecutor, listExecutors, successorChain } from '../../views/queries';
import { envelope, runCommand, WriteHeadersSchema, writeResponses } from '../command-route';
import type { ApiDeps } from '../deps';
import type { ApiEnv } from '../env';
import { errorResponses, openapi } from '../openapi-common';
import { ReadQuerySchema, readState } from '../read-context';

const Params = z.object({
  id: openapi(IdSchema, { param: { name: 'id', in: 'path' }, example: 'smolensk-tourism-centre' }),
});
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } }, required: true });

const RegisterBody = z.object({ executorId: IdSchema, ...executorFields }).openapi('RegisterExecutor');
const RenameBody = z.object(renameFields).openapi('RenameExecutor');
const LiquidateBody = z.object(liquidationFields).openapi('LiquidateExecutor');
const ExecutorView = z.record(z.string(), z.unknown()).openapi('ExecutorView');

export function executorRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/executors',
      tags: ['executors'],
      summary: 'Register an executor (coordinator)',
      request: { headers: WriteHeadersSchema, body: json(RegisterBody) },
      responses: { ...writeResponses, ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const command = {
        ...parseOrThrow(RegisterExecutorSchema, { type: 'RegisterExecutor', ...body }, 'executor'),
        ...envelope(c, deps),
      };
      return runCommand(c, deps, command, body, { executorId: command.executorId });
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/executors/{id}/rename',
      tags: ['executors'],
      summary: 'Record a rename with its effective date (coordinator)',
      request: { params: Params, headers: WriteHeadersSchema, body: json(RenameBody) },
      responses: { ...writeResponses, ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const command = {
        ...parseOrThrow(RenameExecutorSchema, { type: 'RenameExecutor', executorId: id, ...body }, 'rename'),
        ...envelope(c, deps),
      };
      return runCommand(c, deps, command, body, { executorId: id });
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/executors/{id}/liquidate',
      tags: ['executors'],
      summary: 'Record a liquidation, with its successor (coordinator)',
      request: { params: Params, headers: WriteHeadersSchema, body: json(LiquidateBody) },
      responses: { ...writeResponses, ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const command = {
        ...parseOrThrow(LiquidateExecutorSchema, { type: 'LiquidateExecutor', executorId: id, ...body }, 'liquidation'),
        ...envelope(c, deps),
      };
      return runCommand(c, deps, command, body, { executorId: id });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/executors',
      tags: ['executors'],
      summary: 'The executor directory: current names and status',
      request: { query: ReadQuerySchema },
      responses: {
        200: {
          description: 'Executors',
          content: {
            'application/json': { schema: z.object({ position: z.number().int(), executors: z.array(ExecutorView) }) },
          },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const state = await readState(c, deps, c.req.valid('query'));
      return c.json({ position: state.position, executors: await listExecutors(state.views) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/executors/{id}',
      tags: ['executors'],
      summary: 'One executor with its rename/liquidation history and successor chain',
      request: { params: Params, query: ReadQuerySchema },
      responses: {
        200: { description: 'The executor', content: { 'application/json': { schema: ExecutorView } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const state = await readState(c, deps, c.req.valid('query'));
      const executor = await getExecutor(state.views, c.req.valid('param').id);
      const chain = await successorChain(state.views, executor);
      return c.json(
        {
          ...executor,
          position: state.position,
          lastEventPosition: executor.position,
          successorChain: chain.map((x) => ({ executorId: x.executorId, fullName: x.fullName, status: x.status })),
        },
        200,
      );
    },
  );
  return app;
}
