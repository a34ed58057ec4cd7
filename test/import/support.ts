// Shared by the Word import tests: the seed fixture in a store, its 2023 report
// rendered by the system itself, and the report model with what a Word file cannot
// carry (ids, log positions, places and counts) replaced by what a reader sees.
import fs from 'node:fs';
import path from 'node:path';
import { runImport } from '../../shared/commands/run-import';
import { type Directory, readDirectory } from '../../shared/import/docx';
import { buildReportModel } from '../../shared/report/build-model';
import type { ReportModel } from '../../shared/report/model';
import { renderDocx } from '../../shared/report/render-docx';
import type { EventStore } from '../../shared/store/event-store';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { replayViews } from '../../shared/views/replay';

export const SYSTEM = { keyId: 'system', role: 'system' as const };
export const SEED_PLAN = 'spb-smolensk-2021-2023';
export const AT = '2024-01-10T09:00:00.000Z';

export function seedFixture(): Record<string, any> {
  return JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../shared/demo/seed-2023.json'), 'utf8'));
}

export async function seededStore(doc: unknown = seedFixture()): Promise<MemoryEventStore> {
  const store = new MemoryEventStore();
  const report = await runImport(store, doc, { actor: SYSTEM, at: AT });
  if (report.refused.length > 0) throw new Error(`seed refused: ${JSON.stringify(report.refused)}`);
  return store;
}

export async function reportOf(
  store: EventStore,
  planId: string,
  year: number,
  includeAppendix = false,
  party: string | null = null,
): Promise<ReportModel> {
  const state = await replayViews(store, {});
  return buildReportModel(state.views, {
    planId,
    year,
    position: state.position,
    chainHash: state.hash,
    includeAppendix,
    party,
  });
}

export async function directoryOf(store: EventStore): Promise<Directory> {
  return readDirectory((await replayViews(store, {})).views);
}

export async function seedReportDocx(includeAppendix = false): Promise<Uint8Array> {
  return renderDocx(await reportOf(await seededStore(), SEED_PLAN, 2023, includeAppendix));
}

/** The model as a reader of the Word file sees it: names instead of ids, no log positions, no counts. */
export function asRead(model: ReportModel) {
  const names = new Map<string, string>();
  const sections = [...model.sections, ...(model.appendix?.sections ?? [])];
  for (const measure of sections.flatMap((s) => s.measures)) {
    for (const executor of measure.executors) names.set(executor.executorId, executor.name);
  }
  const readSection = (section: ReportModel['sections'][number]) => ({
    ...section,
    measures: section.measures.map((measure) => ({
      ...measure,
      executors: measure.executors.map(({ name, mark }) => ({ name, mark })),
      entries: measure.entries.map(({ text, period, periodText, periodStart, periodEnd, reportedBy }) => ({
        text,
        period,
        periodText,
        periodStart,
        periodEnd,
        reportedBy: names.get(reportedBy) ?? reportedBy,
      })),
    })),
  });
  return {
    year: model.year,
    heading: model.heading,
    headingLines: model.headingLines,
    columns: model.columns,
    sections: model.sections.map(readSection),
    footnotes: model.footnotes.map(({ mark, executorId, text }) => ({ mark, executor: names.get(executorId), text })),
    appendix: model.appendix && { title: model.appendix.title, sections: model.appendix.sections.map(readSection) },
  };
}
