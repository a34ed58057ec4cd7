// Execution entries: agencies report what they did on their measures; a report can
// be corrected or withdrawn (never edited in place, never deleted).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  type CommandEnvelope,
  type CorrectExecution,
  CorrectExecutionSchema,
  IdSchema,
  parseCommand,
  parsedCommand,
  type ReportExecution,
  ReportExecutionSchema,
  type WithdrawExecution,
  WithdrawExecutionSchema,
} from '../../domain';
import { textSchema } from '../../domain/fields';
import { MAX_REASON_LENGTH } from '../../domain/limits';
import { correctionFields, reportFields } from '../../domain/measure/commands';
import { ValidationError } from '../../errors';
import { derivedId, envelope, REPORTERS, runCommand, WriteHeadersSchema, writeResponses } from '../command-route';
import type { ApiDeps } from '../deps';
import type { ApiEnv } from '../env';
import { jsonBody, openapi, problems, WRITE_PROBLEMS } from '../openapi-common';
import { MeasureParams } from './plans';

const ReportParams = MeasureParams.extend({ reportId: openapi(IdSchema, { param: { name: 'reportId', in: 'path' } }) });

const ReportBody = z.object({
  ...reportFields,
  reportId: reportFields.reportId
    .optional()
    .openapi({ description: 'Your id for the entry; derived from the Idempotency-Key when omitted.' }),
  executorId: reportFields.executorId
    .optional()
    .openapi({ description: 'The reporting executor; an agency key reports as its own executor.' }),
});
const CorrectionBody = z.object(correctionFields);
const WithdrawalBody = z.object({ reason: textSchema(MAX_REASON_LENGTH) });

type Body = Record<string, unknown>;

/**
 * The commands of these routes, built the one way the API and the pages share: an agency
 * reports as its own executor; the entry's id is the body's, or `reportIdOf()`. `parsed`:
 * the route's validators parsed the target and body with the command's own field schemas
 * (MeasureParams, ReportBody), so they are not parsed again.
 */
export function reportExecutionCommand(
  envelope: CommandEnvelope,
  target: { planId: string; number: string },
  body: Body & { executorId?: unknown; reportId?: unknown },
  reportIdOf: () => string,
  parsed = false,
): ReportExecution {
  const executorId = body.executorId ?? envelope.actor.executorId;
  if (executorId === undefined) {
    throw new ValidationError('Name the reporting executor.', [
      { path: 'executorId', message: 'required for a coordinator key' },
    ]);
  }
  const reportId = body.reportId ?? reportIdOf();
  const fields = { type: 'ReportExecution', ...target, ...body, executorId, reportId };
  // What the route did not parse (the key's executor, a derived id) is checked here.
  const filledIn = parsed && IdSchema.safeParse(executorId).success && IdSchema.safeParse(reportId).success;
  return filledIn
    ? parsedCommand(ReportExecutionSchema, fields as z.output<typeof ReportExecutionSchema>, envelope)
    : parseCommand(ReportExecutionSchema, fields, 'execution report', envelope);
}

export function correctExecutionCommand(
  envelope: CommandEnvelope,
  target: { planId: string; number: string; reportId: string },
  body: Body,
): CorrectExecution {
  return parseCommand(CorrectExecutionSchema, { type: 'CorrectExecution', ...target, ...body }, 'correction', envelope);
}

export function withdrawExecutionCommand(
  envelope: CommandEnvelope,
  target: { planId: string; number: string; reportId: string },
  body: Body,
): WithdrawExecution {
  return parseCommand(
    WithdrawExecutionSchema,
    { type: 'WithdrawExecution', ...target, ...body },
    'withdrawal',
    envelope,
  );
}

export function executionRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<ApiEnv>();
  const base = '/v1/plans/{planId}/measures/{number}/executions';

  app.openapi(
    createRoute({
      method: 'post',
      path: base,
      operationId: 'reportExecution',
      'x-roles': REPORTERS,
      tags: ['executions'],
      summary: 'Report execution of a measure (its agency, or a coordinator)',
      request: { params: MeasureParams, headers: WriteHeadersSchema, body: jsonBody(ReportBody, 'ReportExecution') },
      responses: { ...writeResponses, ...problems(...WRITE_PROBLEMS, 404) },
    }),
    async (c) => {
      const { planId, number } = c.req.valid('param');
      const body = c.req.valid('json');
      const command = reportExecutionCommand(
        envelope(c, deps),
        { planId, number },
        body,
        () => derivedId(c, deps, `report:${planId}:${number}`),
        true,
      );
      const reportId = command.reportId;
      return runCommand(c, deps, command, body, { planId, number, reportId });
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/{reportId}/corrections`,
      operationId: 'correctExecution',
      'x-roles': REPORTERS,
      tags: ['executions'],
      summary: 'Correct a reported entry, with a reason',
      request: {
        params: ReportParams,
        headers: WriteHeadersSchema,
        body: jsonBody(CorrectionBody, 'CorrectExecution'),
      },
      responses: { ...writeResponses, ...problems(...WRITE_PROBLEMS, 404) },
    }),
    async (c) => {
      const { planId, number, reportId } = c.req.valid('param');
      const body = c.req.valid('json');
      const command = correctExecutionCommand(envelope(c, deps), { planId, number, reportId }, body);
      return runCommand(c, deps, command, body, { planId, number, reportId });
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/{reportId}/withdrawal`,
      operationId: 'withdrawExecution',
      'x-roles': REPORTERS,
      tags: ['executions'],
      summary: 'Withdraw a reported entry, with a reason',
      request: {
        params: ReportParams,
        headers: WriteHeadersSchema,
        body: jsonBody(WithdrawalBody, 'WithdrawExecution'),
      },
      responses: { ...writeResponses, ...problems(...WRITE_PROBLEMS, 404) },
    }),
    async (c) => {
      const { planId, number, reportId } = c.req.valid('param');
      const body = c.req.valid('json');
      const command = withdrawExecutionCommand(envelope(c, deps), { planId, number, reportId }, body);
      return runCommand(c, deps, command, body, { planId, number, reportId });
    },
  );
  return app;
}
