// A published yearly report: which plan and year, whose (a party's, or the joint
// report), the log position and chain hash it was built from, and the SHA-256 of every
// stored file. One stream per plan and year, the parties' reports and the joint one
// in it alike; the stream version is the revision. A publication is never changed.
import { z } from 'zod';

export const PublishedArtifactSchema = z.object({
  format: z.enum(['json', 'html', 'docx', 'csv']),
  contentType: z.string(),
  fileName: z.string(),
  /** Where the bytes are kept (artifacts table key). */
  key: z.string(),
  sha256: z.string(),
  bytes: z.number().int().nonnegative(),
});

/**
 * The signed checkpoint of the log the report was built from: its size is the report's
 * position (the publication event itself comes after it, under a later checkpoint).
 */
export const PublishedCheckpointSchema = z.object({
  origin: z.string(),
  size: z.number().int().positive(),
  /** MTH(size), hex; base64 in the note. */
  rootHash: z.string(),
  /** The signed note (c2sp.org/tlog-checkpoint), as docs/verify-proof.mjs checks it. */
  note: z.string(),
});

export const YearlyReportPublishedSchema = z.object({
  planId: z.string(),
  year: z.number().int(),
  /** The party whose report it is; absent: the joint report (and every publication before parties). */
  party: z.string().exactOptional(),
  revision: z.number().int().positive(),
  position: z.number().int().nonnegative(),
  chainHash: z.string(),
  includeAppendix: z.boolean(),
  artifacts: z.array(PublishedArtifactSchema),
  /** What asked for it: the schedule, or a person. */
  trigger: z.enum(['schedule', 'on-demand']),
  /** The checkpoint at `position`; absent in publications recorded before they were bound to one. */
  checkpoint: PublishedCheckpointSchema.exactOptional(),
});

export const PublicationEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('YearlyReportPublished'), data: YearlyReportPublishedSchema }),
]);
export type PublicationEvent = z.infer<typeof PublicationEventSchema>;
export type YearlyReportPublished = z.infer<typeof YearlyReportPublishedSchema>;
export type PublishedCheckpoint = z.infer<typeof PublishedCheckpointSchema>;
export type PublishedArtifact = z.infer<typeof PublishedArtifactSchema>;

export const PUBLICATION_EVENT_VERSIONS = { YearlyReportPublished: 1 } as const satisfies Record<
  PublicationEvent['type'],
  number
>;

export function publicationStreamId(planId: string, year: number): string {
  return `report-${planId}-${year}`;
}
