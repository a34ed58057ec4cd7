// Commands on an API key; the caller generates the secret and sends only its hash.
import { z } from 'zod';
import type { CommandEnvelope } from '../actor';
import { IdSchema, Sha256HexSchema, textSchema } from '../fields';
import { MAX_REASON_LENGTH, MAX_SHORT_TEXT_LENGTH } from '../limits';
import { ApiKeyRoleSchema } from './events';

export const IssueApiKeySchema = z
  .object({
    type: z.literal('IssueApiKey'),
    keyId: IdSchema,
    role: ApiKeyRoleSchema,
    executorId: IdSchema.exactOptional(),
    label: textSchema(MAX_SHORT_TEXT_LENGTH),
    secretHash: Sha256HexSchema,
  })
  .superRefine((key, ctx) => {
    if (key.role === 'agency' && key.executorId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['executorId'], message: 'an agency key needs an executor' });
    }
    if (key.role !== 'agency' && key.executorId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['executorId'], message: 'only agency keys act for an executor' });
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
