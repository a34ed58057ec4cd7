// /v1/keys: API keys are issued and revoked by a coordinator, as events, so
// auditors can see who had access when. The secret is shown once, never stored.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  ApiKeyRoleSchema,
  type CommandEnvelope,
  IdSchema,
  type IssueApiKey,
  IssueApiKeySchema,
  parseOrThrow,
  type RevokeApiKey,
  RevokeApiKeySchema,
} from '../../domain';
import { keyScopeFields } from '../../domain/apikey/commands';
import { textSchema } from '../../domain/fields';
import { MAX_REASON_LENGTH, MAX_SHORT_TEXT_LENGTH } from '../../domain/limits';
import { listApiKeys } from '../../views/queries';
import { ApiKeyListSchema } from '../../views/responses';
import { newApiKey } from '../api-keys';
import {
  envelope,
  KEEPERS,
  KEY_READERS,
  runCommand,
  WriteHeadersSchema,
  WriteResultSchema,
  writeResponses,
} from '../command-route';
import type { ApiDeps } from '../deps';
import type { ApiEnv } from '../env';
import { jsonBody, jsonResponse, openapi, problems, READ_PROBLEMS, WRITE_PROBLEMS } from '../openapi-common';
import { PageQuery, readState } from '../read-context';

const label = textSchema(MAX_SHORT_TEXT_LENGTH);
const planIds = keyScopeFields.planIds
  .optional()
  .openapi({ description: 'A key limited to these plans (reads included).' });
/** An agency key acts for one executor; coordinator and auditor keys for none. A coordinator key may be limited to a party. */
const IssueBody = z.discriminatedUnion('role', [
  z.object({ role: z.literal('agency'), executorId: IdSchema, label, planIds }),
  z.object({
    role: z.literal('coordinator'),
    label,
    planIds,
    party: keyScopeFields.party.optional().openapi({
      description:
        'A coordinator key limited to this party of its plans: its executors, their keys and entries, its report.',
    }),
  }),
  z.object({ role: z.literal('auditor'), label, planIds }),
]);
const RevokeBody = z.object({ reason: textSchema(MAX_REASON_LENGTH) });
const IssuedKeySchema = WriteResultSchema.extend({
  token: z
    .string()
    .nullable()
    .openapi({ description: 'The key, shown once: `rl_<keyId>_<secret>`. null when answering a retry.' }),
  role: ApiKeyRoleSchema,
  executorId: z.string().optional(),
  party: z.string().optional(),
  planIds: z.array(z.string()).optional(),
}).openapi('IssuedApiKey');
const Params = z.object({ keyId: openapi(IdSchema, { param: { name: 'keyId', in: 'path' } }) });

/** The issue and revoke commands, built the one way the API and the pages share; only the secret's hash goes in. */
export function issueApiKeyCommand(
  envelope: CommandEnvelope,
  key: { keyId: string; secretHash: string },
  body: Record<string, unknown>,
): IssueApiKey {
  return {
    ...parseOrThrow(
      IssueApiKeySchema,
      { type: 'IssueApiKey', keyId: key.keyId, secretHash: key.secretHash, ...body },
      'API key',
    ),
    ...envelope,
  };
}

export function revokeApiKeyCommand(
  envelope: CommandEnvelope,
  keyId: string,
  body: Record<string, unknown>,
): RevokeApiKey {
  return { ...parseOrThrow(RevokeApiKeySchema, { type: 'RevokeApiKey', keyId, ...body }, 'revocation'), ...envelope };
}

export function keyRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/keys',
      operationId: 'issueApiKey',
      'x-roles': KEEPERS,
      tags: ['access'],
      summary: 'Issue an API key (coordinator). The answer holds the token once; only its hash is kept.',
      request: { headers: WriteHeadersSchema, body: jsonBody(IssueBody, 'IssueApiKey') },
      responses: {
        201: {
          description: 'Issued (a retry with the same Idempotency-Key answers the first key again, without its token)',
          headers: writeResponses[201].headers,
          content: { 'application/json': { schema: IssuedKeySchema } },
        },
        ...problems(...WRITE_PROBLEMS, 404),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const key = newApiKey();
      const command = issueApiKeyCommand(envelope(c, deps), key, body);
      const response = await runCommand(c, deps, command, body, { keyId: key.keyId });
      const written = (await response.json()) as z.infer<typeof WriteResultSchema>;
      // A retry answers with the first key's id, but its token cannot be shown again.
      const token = written.duplicate ? null : key.token;
      return c.json(
        {
          ...written,
          token,
          role: body.role,
          ...(body.role === 'agency' ? { executorId: body.executorId } : {}),
          ...(command.party !== undefined ? { party: command.party } : {}),
          ...(command.planIds !== undefined ? { planIds: command.planIds } : {}),
        },
        201,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/keys',
      operationId: 'listApiKeys',
      'x-roles': KEY_READERS,
      tags: ['access'],
      summary: 'Who has (had) access: every API key, its role, who issued and revoked it, when (coordinator, auditor)',
      description:
        'With ?asOf= the list as it stood then. Never shows a secret or its hash. A key limited to plans sees the keys that reach those plans (a page may then hold fewer than `limit`).',
      request: { query: PageQuery(IdSchema, 'keys after this key id') },
      responses: {
        200: jsonResponse(openapi(ApiKeyListSchema, 'ApiKeyList'), 'Keys'),
        ...problems(...READ_PROBLEMS, 403),
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const state = await readState(c, deps, query);
      const page = await listApiKeys(state.views, { after: query.after, limit: query.limit });
      // A key limited to plans sees the keys that reach them: those without plan limits, and those sharing a plan.
      const { planIds } = c.get('actor');
      const keys =
        planIds === undefined
          ? page.items
          : page.items.filter((key) => key.planIds === null || key.planIds.some((id) => planIds.includes(id)));
      return c.json({ position: state.position, keys, next: page.next }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/keys/{keyId}/revoke',
      operationId: 'revokeApiKey',
      'x-roles': KEEPERS,
      tags: ['access'],
      summary: 'Revoke an API key (coordinator)',
      request: { params: Params, headers: WriteHeadersSchema, body: jsonBody(RevokeBody, 'RevokeApiKey') },
      responses: { ...writeResponses, ...problems(...WRITE_PROBLEMS, 404) },
    }),
    async (c) => {
      const { keyId } = c.req.valid('param');
      const body = c.req.valid('json');
      const command = revokeApiKeyCommand(envelope(c, deps), keyId, body);
      return runCommand(c, deps, command, body, { keyId });
    },
  );
  return app;
}
