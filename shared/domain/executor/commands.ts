// Commands on an executor; the schemas validate what a caller sends (the envelope aside).
import { z } from 'zod';
import type { CommandEnvelope } from '../actor';
import { IdSchema, IsoDateSchema, textSchema } from '../fields';
import { MAX_NAME_LENGTH, MAX_REASON_LENGTH, MAX_SHORT_TEXT_LENGTH } from '../limits';

export const executorFields = {
  fullName: textSchema(MAX_NAME_LENGTH),
  shortName: textSchema(MAX_NAME_LENGTH).exactOptional(),
  party: textSchema(MAX_NAME_LENGTH),
  kind: textSchema(MAX_SHORT_TEXT_LENGTH).exactOptional(),
};

export const renameFields = {
  newName: textSchema(MAX_NAME_LENGTH),
  newShortName: textSchema(MAX_NAME_LENGTH).exactOptional(),
  effectiveDate: IsoDateSchema,
};

export const liquidationFields = {
  effectiveDate: IsoDateSchema,
  successorId: IdSchema.exactOptional(),
  note: textSchema(MAX_REASON_LENGTH).exactOptional(),
};

export const RegisterExecutorSchema = z.object({
  type: z.literal('RegisterExecutor'),
  executorId: IdSchema,
  ...executorFields,
});
export const RenameExecutorSchema = z.object({
  type: z.literal('RenameExecutor'),
  executorId: IdSchema,
  ...renameFields,
});
export const LiquidateExecutorSchema = z.object({
  type: z.literal('LiquidateExecutor'),
  executorId: IdSchema,
  ...liquidationFields,
});

export type RegisterExecutor = z.infer<typeof RegisterExecutorSchema> & CommandEnvelope;
export type RenameExecutor = z.infer<typeof RenameExecutorSchema> & CommandEnvelope;
export type LiquidateExecutor = z.infer<typeof LiquidateExecutorSchema> & CommandEnvelope;
export type ExecutorCommand = RegisterExecutor | RenameExecutor | LiquidateExecutor;
