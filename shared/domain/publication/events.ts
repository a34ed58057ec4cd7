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
});

export const PublicationEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('YearlyReportPublished'), data: YearlyReportPublishedSchema }),
]);
export type PublicationEvent = z.infer<typeof PublicationEventSchema>;
export type YearlyReportPublished = z.infer<typeof YearlyReportPublishedSchema>;
export type PublishedArtifact = z.infer<typeof PublishedArtifactSchema>;

export const PUBLICATION_EVENT_VERSIONS = { YearlyReportPublished: 1 } as const satisfies Record<
  PublicationEvent['type'],
  number
>;

export function publicationStreamId(planId: string, year: number): string {
  return `report-${planId}-${year}`;
}
