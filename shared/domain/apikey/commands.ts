// Commands on an API key; the caller generates the secret and sends only its hash.
import { z } from 'zod';
import type { CommandEnvelope } from '../actor';
import { IdSchema, Sha256HexSchema, textSchema } from '../fields';
import { MAX_NAME_LENGTH, MAX_PLANS_PER_KEY, MAX_REASON_LENGTH, MAX_SHORT_TEXT_LENGTH } from '../limits';
import { ApiKeyRoleSchema } from './events';

/** The scope a key may be limited to: plans (any role), a party (coordinator keys). */
export const keyScopeFields = {
  party: textSchema(MAX_NAME_LENGTH).exactOptional(),
  planIds: z
    .array(IdSchema)
    .min(1)
    .max(MAX_PLANS_PER_KEY)
    .refine((ids) => new Set(ids).size === ids.length, 'plans must be distinct')
    .exactOptional(),
};

export const IssueApiKeySchema = z
  .object({
    type: z.literal('IssueApiKey'),
    keyId: IdSchema,
    role: ApiKeyRoleSchema,
    executorId: IdSchema.exactOptional(),
    label: textSchema(MAX_SHORT_TEXT_LENGTH),
    secretHash: Sha256HexSchema,
    ...keyScopeFields,
  })
  .superRefine((key, ctx) => {
    if (key.role === 'agency' && key.executorId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['executorId'], message: 'an agency key needs an executor' });
    }
    if (key.role !== 'agency' && key.executorId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['executorId'], message: 'only agency keys act for an executor' });
    }
    // An agency key's party is its executor's; an auditor only reads, and reads are not per party.
    if (key.role !== 'coordinator' && key.party !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['party'], message: 'only a coordinator key is limited to a party' });
    }
  });

export const RevokeApiKeySchema = z.object({
  type: z.literal('RevokeApiKey'),
  keyId: IdSchema,
  reason: textSchema(MAX_REASON_LENGTH),
});

export type IssueApiKey = z.infer<typeof IssueApiKeySchema> & CommandEnvelope;
export type RevokeApiKey = z.infer<typeof RevokeApiKeySchema> & CommandEnvelope;
export type ApiKeyCommand = IssueApiKey | RevokeApiKey;
