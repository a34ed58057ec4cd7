// Events of an API key. The secret itself is never in an event: only its SHA-256.
import { z } from 'zod';

export const ApiKeyRoleSchema = z.enum(['coordinator', 'agency', 'auditor']);
export type ApiKeyRole = z.infer<typeof ApiKeyRoleSchema>;

export const ApiKeyIssuedSchema = z.object({
  keyId: z.string(),
  role: ApiKeyRoleSchema,
  /** The executor an agency key acts for; absent for other roles. */
  executorId: z.string().exactOptional(),
  label: z.string(),
  /** Lowercase hex SHA-256 of the secret. */
  secretHash: z.string(),
  /** A coordinator key limited to one party (absent: every party; and on keys issued before scopes). */
  party: z.string().exactOptional(),
  /** A key limited to these plans (absent: every plan). */
  planIds: z.array(z.string()).exactOptional(),
});

export const ApiKeyRevokedSchema = z.object({
  keyId: z.string(),
  reason: z.string(),
});

export const ApiKeyEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ApiKeyIssued'), data: ApiKeyIssuedSchema }),
  z.object({ type: z.literal('ApiKeyRevoked'), data: ApiKeyRevokedSchema }),
]);
export type ApiKeyEvent = z.infer<typeof ApiKeyEventSchema>;
export type ApiKeyIssued = z.infer<typeof ApiKeyIssuedSchema>;
export type ApiKeyRevoked = z.infer<typeof ApiKeyRevokedSchema>;

export const APIKEY_EVENT_VERSIONS = {
  ApiKeyIssued: 1,
  ApiKeyRevoked: 1,
} as const satisfies Record<ApiKeyEvent['type'], number>;
