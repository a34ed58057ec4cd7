// /v1/executors: the register of executors (departments, institutions, АНО) and
// the facts that change them: renames and liquidations with a successor.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  type CommandEnvelope,
  IdSchema,
  type LiquidateExecutor,
  LiquidateExecutorSchema,
  parseOrThrow,
  RegisterExecutorSchema,
  type RenameExecutor,
  RenameExecutorSchema,
} from '../../domain';
import { executorFields, liquidationFields, renameFields } from '../../domain/executor/commands';
import { executorNames, getExecutor, listExecutors, predecessorsOf, successorChain } from '../../views/queries';
import { ExecutorListSchema, ExecutorViewSchema } from '../../views/responses';
import { envelope, KEEPERS, runCommand, WriteHeadersSchema, writeResponses } from '../command-route';
import type { ApiDeps } from '../deps';
import type { ApiEnv } from '../env';
import { jsonBody, jsonResponse, openapi, problems, READ_PROBLEMS, WRITE_PROBLEMS } from '../openapi-common';
import { PageQuery, ReadQuerySchema, readState } from '../read-context';

const Params = z.object({
  id: openapi(IdSchema, { param: { name: 'id', in: 'path' }, example: 'smolensk-tourism-center' }),
});

const RegisterBody = z.object({ executorId: IdSchema, ...executorFields });
const RenameBody = z.object(renameFields);
const LiquidateBody = z.object(liquidationFields);

/** The rename and liquidation commands, built the one way the API and the pages share. */
export function renameExecutorCommand(
  envelope: CommandEnvelope,
  executorId: string,
  body: Record<string, unknown>,
): RenameExecutor {
  return {
    ...parseOrThrow(RenameExecutorSchema, { type: 'RenameExecutor', executorId, ...body }, 'rename'),
    ...envelope,
  };
}

export function liquidateExecutorCommand(
  envelope: CommandEnvelope,
  executorId: string,
  body: Record<string, unknown>,
): LiquidateExecutor {
  return {
    ...parseOrThrow(LiquidateExecutorSchema, { type: 'LiquidateExecutor', executorId, ...body }, 'liquidation'),
    ...envelope,
  };
}

export function executorRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/executors',
      operationId: 'registerExecutor',
      'x-roles': KEEPERS,
      tags: ['executors'],
      summary: 'Register an executor (coordinator)',
      request: { headers: WriteHeadersSchema, body: jsonBody(RegisterBody, 'RegisterExecutor') },
      responses: { ...writeResponses, ...problems(...WRITE_PROBLEMS, 404) },
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
      operationId: 'renameExecutor',
      'x-roles': KEEPERS,
      tags: ['executors'],
      summary: 'Record a rename with its effective date (coordinator)',
      request: { params: Params, headers: WriteHeadersSchema, body: jsonBody(RenameBody, 'RenameExecutor') },
      responses: { ...writeResponses, ...problems(...WRITE_PROBLEMS, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const command = renameExecutorCommand(envelope(c, deps), id, body);
      return runCommand(c, deps, command, body, { executorId: id });
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/executors/{id}/liquidate',
      operationId: 'liquidateExecutor',
      'x-roles': KEEPERS,
      tags: ['executors'],
      summary: 'Record a liquidation, with its successor (coordinator)',
      request: { params: Params, headers: WriteHeadersSchema, body: jsonBody(LiquidateBody, 'LiquidateExecutor') },
      responses: { ...writeResponses, ...problems(...WRITE_PROBLEMS, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const command = liquidateExecutorCommand(envelope(c, deps), id, body);
      return runCommand(c, deps, command, body, { executorId: id });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/executors',
      operationId: 'listExecutors',
      tags: ['executors'],
      summary: 'The executor directory: current names and status, a page at a time',
      request: { query: PageQuery(IdSchema, 'executors after this id') },
      responses: {
        200: jsonResponse(openapi(ExecutorListSchema, 'ExecutorList'), 'Executors'),
        ...problems(...READ_PROBLEMS),
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const state = await readState(c, deps, query);
      const page = await listExecutors(state.views, { after: query.after, limit: query.limit });
      return c.json({ position: state.position, executors: page.items, next: page.next }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/executors/{id}',
      operationId: 'getExecutor',
      tags: ['executors'],
      summary: 'One executor with its names, predecessors and successor chain',
      request: { params: Params, query: ReadQuerySchema },
      responses: {
        200: jsonResponse(openapi(ExecutorViewSchema, 'ExecutorView'), 'The executor'),
        ...problems(...READ_PROBLEMS, 404),
      },
    }),
    async (c) => {
      const state = await readState(c, deps, c.req.valid('query'));
      const executor = await getExecutor(state.views, c.req.valid('param').id);
      const [chain, names, predecessors] = await Promise.all([
        successorChain(state.views, executor),
        executorNames(state.views, executor.executorId),
        predecessorsOf(state.views, executor.executorId),
      ]);
      return c.json(
        {
          ...executor,
          position: state.position,
          lastEventPosition: executor.position,
          names: names.slice(0, 100),
          predecessors,
          successorChain: chain.map((x) => ({ executorId: x.executorId, fullName: x.fullName, status: x.status })),
        },
        200,
      );
    },
  );
  return app;
}
