import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors';
import { parseImportDocument, planImport } from '../../shared/import';
import { by, coordinator, system } from './support/fixtures';
import { InMemoryLedger } from './support/ledger';
import { seedCopy } from './support/seed';

type Json = Record<string, unknown>;
/** The seed document with `change` applied to a deep copy; returns the copy. */
function seedWith(
  change: (doc: {
    format: unknown;
    executors: Json[];
    plan: Json;
    sections: Array<{ measures: Array<Json & { reports: Json[]; executors: Json[] }> } & Json>;
  }) => void,
): unknown {
  const doc = seedCopy();
  change(doc as Parameters<typeof change>[0]);
  return doc;
}

function issuePaths(input: unknown): string[] {
  try {
    parseImportDocument(input);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues.map((issue) => issue.path);
  }
}

describe('parseImportDocument', () => {
  it('accepts the seed', () => {
    expect(issuePaths(seedCopy())).toEqual([]);
  });

  it('names the field of every problem', () => {
    const doc = seedWith((d) => {
      d.format = 'v0';
      const report = d.sections[0]?.measures[0]?.reports[0];
      if (!report) throw new Error('seed changed');
      report.period = { kind: 'range', from: '2023-03-01', to: '2023-02-28' };
      report.participants = -1;
    });
    expect(issuePaths(doc)).toEqual([
      'format',
      'sections[0].measures[0].reports[0].period.to',
      'sections[0].measures[0].reports[0].participants',
    ]);
  });

  it('then checks cross-references: executors, successors, sections, duplicates', () => {
    const doc = seedWith((d) => {
      d.sections[0]?.measures[0]?.executors.push({ executorId: 'nobody' });
      const terem = d.executors[1];
      if (terem) terem.liquidation = { effectiveDate: '2022-03-14', successorId: 'nobody' };
      const sport = d.sections[4]?.measures[0];
      if (!sport) throw new Error('seed changed');
      sport.number = '2.9';
      const second = sport.reports[1];
      if (second) second.reportId = '2023-9.1-01';
      d.sections[1] = { ...d.sections[1], number: '2' } as never;
    });
    expect(issuePaths(doc)).toEqual(
      expect.arrayContaining([
        'executors[1].liquidation.successorId',
        'sections[0].measures[0].executors[2].executorId',
        'sections[1].number',
        'sections[4].measures[0].number',
        'sections[4].measures[0].reports[1].reportId',
      ]),
    );
  });
});

describe('planImport', () => {
  const withHistory = seedWith((d) => {
    const sport = d.executors.find((executor) => executor.executorId === 'smolensk-sport-office');
    if (sport) sport.renames = [{ newName: 'Министерство спорта Смоленской области', effectiveDate: '2024-01-01' }];
    const measure = d.sections[4]?.measures[0];
    const first = measure?.reports[0];
    const second = measure?.reports[1];
    if (!first || !second) throw new Error('seed changed');
    first.corrections = [
      { place: 'г. Смоленск, СГАФКСТ', reason: 'уточнено место' },
      { participants: 32, reason: 'пересчёт' },
    ];
    second.withdrawal = { reason: 'дубль' };
  });
  const steps = planImport(parseImportDocument(withHistory), by(system));

  it('orders executors, plan, sections, measures, executor history by date, then each entry with its corrections and withdrawal', () => {
    const labels = steps.map((step) => step.label);
    expect(labels.slice(0, 3)).toEqual([
      'executor smolensk-investment-dept',
      'executor smolensk-terem',
      'executor smolensk-tourism-center',
    ]);
    expect(labels.slice(11, 14)).toEqual(['plan spb-smolensk-2021-2023', 'section 2', 'section 4']);
    expect(labels.slice(19, 21)).toEqual(['measure 2.1', 'measure 4.3']);
    expect(labels.slice(30, 33)).toEqual([
      'liquidation smolensk-terem (2022-03-14)',
      'rename smolensk-sport-office (2024-01-01)',
      'report 2.1/2023-2.1-01',
    ]);
    // Right after their report, not after every report: the year budget counts live entries.
    const first = labels.indexOf('report 9.1/2023-9.1-01');
    expect(labels.slice(first, first + 6)).toEqual([
      'report 9.1/2023-9.1-01',
      'correction 9.1/2023-9.1-01 #1',
      'correction 9.1/2023-9.1-01 #2',
      'report 9.1/2023-9.1-02',
      'withdrawal 9.1/2023-9.1-02',
      'report 9.1/2023-9.1-03',
    ]);
  });

  it('gives commands that run cleanly, each on its stream', () => {
    const ledger = new InMemoryLedger();
    for (const step of steps) {
      expect(ledger.execute(step.command), step.label).not.toHaveLength(0);
      expect(ledger.events(step.streamId).length, step.label).toBeGreaterThan(0);
    }
    const sport = ledger.measure('spb-smolensk-2021-2023', '9.1');
    expect(sport?.reports.toArray()[0]).toMatchObject({ place: 'г. Смоленск, СГАФКСТ', participants: 32 });
    expect(sport?.reports.toArray()[1]?.withdrawal).toEqual({ reason: 'дубль' });
  });

  it('derives each command id from the step content alone', () => {
    const ids = steps.map((step) => step.commandId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^import:[0-9a-f]{64}$/.test(id))).toBe(true);
    const again = planImport(parseImportDocument(withHistory), by(coordinator));
    expect(again.map((step) => step.commandId)).toEqual(ids);
  });

  it('changes only the id of a step whose content changed', () => {
    const edited = seedWith((d) => {
      const report = d.sections[4]?.measures[0]?.reports[2];
      if (report) report.text = `${String(report.text)}.`;
    });
    const before = planImport(parseImportDocument(seedCopy()), by(system));
    const after = planImport(parseImportDocument(edited), by(system));
    const changed = after.filter((step, i) => step.commandId !== before[i]?.commandId).map((step) => step.label);
    expect(changed).toEqual(['report 9.1/2023-9.1-03']);
  });
});
