// The yearly report at a log position, from any store (live, or an export loaded
// into memory): the replay, model and renderers the API and the publication use.
import type { PublishedCheckpoint } from '../domain/publication/events';
import { buildReportModel } from '../report/build-model';
import type { ReportFormat, ReportModel } from '../report/model';
import { type RenderedReport, renderReport } from '../report/render';
import type { EventStore } from '../store/event-store';
import { type ReplayOptions, replayViews } from '../views/replay';

export interface ReportAtOptions {
  planId: string;
  year: number;
  /** The head when omitted. */
  position?: number | undefined;
  includeAppendix?: boolean | undefined;
  /** A party's report; absent or null: the joint report. */
  party?: string | null | undefined;
  /** Start the replay from the nearest snapshot of the views. */
  snapshots?: ReplayOptions['snapshots'];
  /** A publication's checkpoint (from its event): its footer prints it, as the published files did. */
  checkpoint?: PublishedCheckpoint | undefined;
}

export async function reportModelAt(
  store: Pick<EventStore, 'readAll'>,
  options: ReportAtOptions,
): Promise<ReportModel> {
  const state = await replayViews(store, options.position !== undefined ? { position: options.position } : {}, {
    snapshots: options.snapshots,
  });
  return buildReportModel(state.views, {
    planId: options.planId,
    year: options.year,
    position: state.position,
    chainHash: state.hash,
    includeAppendix: options.includeAppendix ?? false,
    party: options.party ?? null,
    checkpoint: options.checkpoint,
  });
}

export async function renderReportAt(
  store: Pick<EventStore, 'readAll'>,
  options: ReportAtOptions & { format: ReportFormat },
): Promise<{ model: ReportModel; rendered: RenderedReport }> {
  const model = await reportModelAt(store, options);
  return { model, rendered: await renderReport(model, options.format) };
}
