import { describe, expect, it } from 'vitest';
import { foldMeasure, type Measure, overlapsYear } from '../../shared/domain';
import { textDigest } from '../../shared/domain/measure/state';
import { AppError } from '../../shared/errors';
import { parseImportDocument, planImport } from '../../shared/import';
import { by, system } from './support/fixtures';
import { InMemoryLedger } from './support/ledger';
import { normaliseSeedText, seedDocument, seedReportText } from './support/seed';

const PLAN = 'spb-smolensk-2021-2023';
const seed = normaliseSeedText(seedReportText);

function importSeed() {
  const steps = planImport(parseImportDocument(seedDocument), by(system));
  const ledger = new InMemoryLedger();
  const refusals: Array<{ label: string; code: string }> = [];
  for (const step of steps) {
    try {
      ledger.execute(step.command);
    } catch (error) {
      refusals.push({ label: step.label, code: error instanceof AppError ? error.code : String(error) });
    }
  }
  const measures = ledger
    .streamIds()
    .filter((streamId) => streamId.startsWith(`measure-${PLAN}-`))
    .map((streamId) => foldMeasure(ledger.events(streamId)))
    .filter((measure): measure is Measure => measure !== null);
  // The state keeps each entry's text as a digest; the texts themselves are in the events.
  const texts = new Map<string, string>();
  for (const streamId of ledger.streamIds().filter((id) => id.startsWith(`measure-${PLAN}-`))) {
    for (const event of ledger.events(streamId)) {
      const data = event.data as { reportId?: string; text?: string };
      if (data.reportId && data.text !== undefined) texts.set(data.reportId, data.text);
    }
  }
  return { steps, ledger, refusals, measures, texts };
}

describe('the seed fixture (shared/demo/seed-2023.json)', () => {
  const { steps, ledger, refusals, measures, texts } = importSeed();
  const reports = measures.flatMap((measure) =>
    measure.reports
      .toArray()
      .map((report) => ({ number: measure.number, ...report, text: texts.get(report.reportId) ?? '' })),
  );

  it('keeps each entry text in the state as the SHA-256 of the text its events carry', () => {
    expect(reports.every((report) => report.textDigest === textDigest(report.text))).toBe(true);
  });

  it('imports through the real decide/evolve without a single refusal', () => {
    expect(refusals).toEqual([]);
    // 11 executors, the plan, 7 sections, 11 measures, 1 liquidation, 24 entries.
    expect(steps).toHaveLength(55);
  });

  it('holds the 11 executors, the 7 sections, the 11 measures and the 24 entries', () => {
    expect(ledger.executors().size).toBe(11);
    expect(ledger.plan(PLAN)?.sections.map((section) => section.number)).toEqual(['2', '4', '7', '8', '9', '11', '12']);
    expect(measures.map((measure) => measure.number)).toEqual([
      '2.1',
      '4.3',
      '7.1',
      '7.2',
      '7.3',
      '7.6',
      '8.2',
      '9.1',
      '11.1',
      '12.3',
      '12.5',
    ]);
    expect(reports).toHaveLength(24);
    expect(measures.map((measure) => measure.reports.size)).toEqual([1, 1, 1, 1, 1, 1, 7, 8, 1, 1, 1]);
  });

  it('records the liquidation of «Смоленский терем» with its successor, and still names it in 2.1', () => {
    expect(ledger.executor('smolensk-terem')?.liquidation).toEqual({
      effectiveDate: '2022-03-14',
      successorId: 'smolensk-tourism-center',
      note: null,
    });
    expect(measures[0]?.executors.map((executor) => executor.nameInPlan)).toEqual([
      'Департамент инвестиционного развития Смоленской области',
      'СОГБУ «Смоленский областной информационный центр туризма «Смоленский терем»',
    ]);
    expect(reports[0]?.executorId).toBe('smolensk-investment-dept');
  });

  it('copies every entry text verbatim from the seed, in the seed order', () => {
    const positions = reports.map((report) => seed.indexOf(report.text));
    expect(positions.filter((position) => position < 0)).toEqual([]);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(reports.some((report) => report.text.includes('\u00a0'))).toBe(true);
  });

  it('copies titles, terms and executor names verbatim from the seed', () => {
    const plan = ledger.plan(PLAN);
    expect(seed).toContain(`Отчет об исполнении в 2023 году ${plan?.reportTitle}`);
    for (const section of plan?.sections ?? []) expect(seed).toContain(`${section.number}. ${section.title}`);
    for (const measure of measures) {
      expect(seed).toContain(`${measure.number}. ${measure.title} ${measure.term}`);
      for (const executor of measure.executors) expect(seed).toContain(executor.nameInPlan);
    }
  });

  it('gives every entry a period of 2023, crossing years where the seed does', () => {
    expect(reports.filter((report) => !overlapsYear(report.period, 2023)).map((report) => report.reportId)).toEqual([]);
    expect(reports.find((report) => report.text.startsWith('С 15 октября 2022 года'))?.period).toEqual({
      kind: 'range',
      from: '2022-10-15',
      to: '2023-01-08',
    });
    expect(reports.find((report) => report.text.startsWith('В октябре 2023 года'))?.period).toEqual({
      kind: 'month',
      year: 2023,
      month: 10,
    });
    expect(reports.filter((report) => report.period.kind === 'none').map((report) => report.number)).toEqual([
      '7.1',
      '7.2',
    ]);
  });

  it('carries the counts the texts give', () => {
    const counts = reports
      .filter((report) => report.participants !== null)
      .map((report) => [report.participants, report.regions]);
    expect(counts).toEqual([
      [31, 7],
      [160, 5],
      [471, 19],
      [152, 7],
      [139, 29],
      [219, 25],
      [414, 19],
      [488, 22],
      [100, null],
    ]);
  });

  it('imports again as the very same commands', () => {
    const again = planImport(parseImportDocument(seedDocument), {
      actor: { keyId: 'other', role: 'coordinator' },
      at: '2025-01-01T00:00:00.000Z',
    });
    expect(again.map((step) => step.commandId)).toEqual(steps.map((step) => step.commandId));
  });
});
