import { describe, expect, it } from 'vitest';
import type { AddMeasure } from '../../shared/domain';
import {
  agency,
  type Body,
  by,
  CENTER,
  coordinator,
  INVEST,
  liquidated,
  measureAdded,
  PLAN,
  planCreated,
  registered,
  sectionAdded,
  TEREM,
} from './support/fixtures';
import { given } from './support/given';

const base = [
  registered(INVEST, 'Департамент инвестиционного развития'),
  registered(TEREM),
  planCreated,
  sectionAdded('2'),
];

const add: Body<AddMeasure> = {
  type: 'AddMeasure',
  planId: PLAN,
  number: '2.1',
  sectionNumber: '2',
  title: 'Содействие участию представителей субъектов туристской индустрии',
  term: '2021-2023 годы',
  fromYear: 2021,
  toYear: 2023,
  executors: [{ executorId: INVEST }, { executorId: TEREM, nameInPlan: 'СОГБУ «Смоленский терем»' }],
};

describe('AddMeasure', () => {
  it('adds a measure, naming executors as the plan writes them (current name by default)', () => {
    given(...base)
      .when({ ...add, ...by(coordinator) })
      .then([
        {
          type: 'MeasureAdded',
          data: {
            planId: PLAN,
            number: '2.1',
            sectionNumber: '2',
            title: 'Содействие участию представителей субъектов туристской индустрии',
            term: '2021-2023 годы',
            fromYear: 2021,
            toYear: 2023,
            executors: [
              { executorId: INVEST, nameInPlan: 'Департамент инвестиционного развития' },
              { executorId: TEREM, nameInPlan: 'СОГБУ «Смоленский терем»' },
            ],
          },
        },
      ]);
  });

  it('keeps measure numbers unique in the plan', () => {
    given(...base, measureAdded('2.1', [INVEST]))
      .when({ ...add, ...by(coordinator) })
      .then('measure_exists');
  });

  it('wants the plan', () => {
    given(registered(INVEST), registered(TEREM))
      .when({ ...add, ...by(coordinator) })
      .then('plan_not_found');
  });

  it('wants the section in the plan', () => {
    given(...base)
      .when({ ...add, number: '4.3', sectionNumber: '4', ...by(coordinator) })
      .then('section_not_found');
  });

  it('wants the measure number under its section ("12.1" is not in section "2")', () => {
    given(...base)
      .when({ ...add, number: '12.1', ...by(coordinator) })
      .then('measure_outside_section');
  });

  it('keeps the term within the plan years', () => {
    given(...base)
      .when({ ...add, toYear: 2024, ...by(coordinator) })
      .then('term_outside_plan');
  });

  it('wants years in order', () => {
    given(...base)
      .when({ ...add, fromYear: 2023, toYear: 2022, ...by(coordinator) })
      .thenInvalid('toYear');
  });

  it('assigns only registered executors', () => {
    given(...base)
      .when({ ...add, executors: [{ executorId: CENTER }], ...by(coordinator) })
      .then('executor_not_found');
  });

  it('does not assign a liquidated executor', () => {
    given(...base, liquidated(TEREM, '2022-03-14'))
      .when({ ...add, ...by(coordinator) })
      .then('executor_liquidated');
  });

  it('wants at least one executor, each once', () => {
    given(...base)
      .when({ ...add, executors: [], ...by(coordinator) })
      .thenInvalid('executors');
    given(...base)
      .when({ ...add, executors: [{ executorId: INVEST }, { executorId: INVEST }], ...by(coordinator) })
      .thenInvalid('executors[1].executorId');
  });

  it('is for keepers only', () => {
    given(...base)
      .when({ ...add, ...by(agency(INVEST)) })
      .then('forbidden_role');
  });
});

describe('AmendMeasure', () => {
  const amended = [...base, registered(CENTER), measureAdded('2.1', [INVEST, TEREM])];
  const amend = { type: 'AmendMeasure', planId: PLAN, number: '2.1' } as const;

  it('carries only what changed', () => {
    const ledger = given(...amended)
      .when({ ...amend, title: 'Новое название', term: '2021-2023 годы', fromYear: 2021, ...by(coordinator) })
      .then([{ type: 'MeasureAmended', data: { planId: PLAN, number: '2.1', title: 'Новое название' } }]);
    expect(ledger.measure(PLAN, '2.1')).toMatchObject({ title: 'Новое название', term: '2021-2023 годы' });
  });

  it('keeps the snapshot of executors already assigned, even liquidated ones, and names new ones', () => {
    given(...amended, liquidated(TEREM, '2022-03-14', CENTER))
      .when({
        ...amend,
        executors: [{ executorId: INVEST }, { executorId: TEREM }, { executorId: CENTER }],
        ...by(coordinator),
      })
      .then([
        {
          type: 'MeasureAmended',
          data: {
            planId: PLAN,
            number: '2.1',
            executors: [
              { executorId: INVEST, nameInPlan: `Executor ${INVEST}` },
              { executorId: TEREM, nameInPlan: `Executor ${TEREM}` },
              { executorId: CENTER, nameInPlan: `Executor ${CENTER}` },
            ],
          },
        },
      ]);
  });

  it('does not newly assign a liquidated executor', () => {
    given(...base, measureAdded('2.1', [INVEST]), liquidated(TEREM, '2022-03-14'))
      .when({ ...amend, executors: [{ executorId: INVEST }, { executorId: TEREM }], ...by(coordinator) })
      .then('executor_liquidated');
  });

  it('refuses an amendment that changes nothing', () => {
    given(...amended)
      .when({
        ...amend,
        title: 'Measure 2.1',
        executors: [{ executorId: INVEST }, { executorId: TEREM }],
        ...by(coordinator),
      })
      .then('amendment_changes_nothing');
  });

  it('amends only an existing measure', () => {
    given(...base)
      .when({ ...amend, title: 'Новое название', ...by(coordinator) })
      .then('measure_not_found');
  });

  it('keeps the amended term within the plan and in order', () => {
    given(...amended)
      .when({ ...amend, toYear: 2025, ...by(coordinator) })
      .then('term_outside_plan');
    given(...amended)
      .when({ ...amend, fromYear: 2023, toYear: 2022, ...by(coordinator) })
      .thenInvalid('toYear');
  });
});
