// Publishing a yearly report: the files are built and stored first (shared/report), then
// this command records them. The revision is the publication stream's next version.
import { z } from 'zod';
import type { CommandEnvelope } from '../actor';
import { IdSchema, Sha256HexSchema, textSchema, YearSchema } from '../fields';
import { MAX_NAME_LENGTH } from '../limits';
import { PublishedArtifactSchema } from './events';

export const PublishReportSchema = z.object({
  type: z.literal('PublishReport'),
  planId: IdSchema,
  year: YearSchema,
  /** The party whose part it is (one of the plan's parties); absent: the joint report. */
  party: textSchema(MAX_NAME_LENGTH).exactOptional(),
  /** The log position the report was built at, and the chain hash there. */
  position: z.number().int().nonnegative(),
  chainHash: Sha256HexSchema,
  includeAppendix: z.boolean(),
  artifacts: z.array(PublishedArtifactSchema).min(1).max(8),
  trigger: z.enum(['schedule', 'on-demand']),
  /** The signed checkpoint of the log at `position` (the publisher signs it; absent where nothing can sign). */
  checkpoint: z
    .object({
      origin: z.string().min(1).max(200),
      size: z.number().int().positive(),
      rootHash: Sha256HexSchema,
      note: z.string().min(1).max(4096),
    })
    .strict()
    .exactOptional(),
});

export type PublishReport = z.infer<typeof PublishReportSchema> & CommandEnvelope;
export type PublicationCommand = PublishReport;
