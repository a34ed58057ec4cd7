import { describe, expect, it } from 'vitest';
import type { CreatePlan } from '../../shared/domain';
import { MAX_SECTIONS_PER_PLAN } from '../../shared/domain/limits';
import {
  agency,
  auditor,
  type Body,
  by,
  coordinator,
  INVEST,
  PLAN,
  planCreated,
  registered,
  sectionAdded,
} from './support/fixtures';
import { given } from './support/given';

const create: Body<CreatePlan> = {
  type: 'CreatePlan',
  planId: PLAN,
  title: 'План мероприятий',
  reportTitle: 'Плана мероприятий (далее – План)',
  parties: ['Санкт-Петербург', 'Смоленская область'],
  fromYear: 2021,
  toYear: 2023,
};

describe('CreatePlan', () => {
  it('creates a plan', () => {
    given()
      .when({ ...create, ...by(coordinator) })
      .then([planCreated]);
  });

  it('creates a plan only once', () => {
    given(planCreated)
      .when({ ...create, ...by(coordinator) })
      .then('plan_exists');
  });

  it('wants years in order', () => {
    given()
      .when({ ...create, fromYear: 2023, toYear: 2021, ...by(coordinator) })
      .thenInvalid('toYear');
  });

  it('wants years in a sane range', () => {
    given()
      .when({ ...create, fromYear: 202, ...by(coordinator) })
      .thenInvalid('fromYear');
    given()
      .when({ ...create, toYear: 20230, ...by(coordinator) })
      .thenInvalid('toYear');
  });

  it('wants at least one party', () => {
    given()
      .when({ ...create, parties: [], ...by(coordinator) })
      .thenInvalid('parties');
  });

  it('is for keepers only', () => {
    given()
      .when({ ...create, ...by(auditor) })
      .then('forbidden_role');
    given(registered(INVEST))
      .when({ ...create, ...by(agency(INVEST)) })
      .then('forbidden_role');
  });
});

describe('AddSection', () => {
  const add = { type: 'AddSection', planId: PLAN, number: '2', title: 'В области туристской деятельности' } as const;

  it('adds a section', () => {
    given(planCreated)
      .when({ ...add, ...by(coordinator) })
      .then([sectionAdded('2', 'В области туристской деятельности')]);
  });

  it('keeps sections in natural number order', () => {
    const ledger = given(planCreated, sectionAdded('11'))
      .when({ ...add, ...by(coordinator) })
      .then([sectionAdded('2', add.title)]);
    expect(ledger.plan(PLAN)?.sections.map((section) => section.number)).toEqual(['2', '11']);
  });

  it('wants the plan to exist', () => {
    given()
      .when({ ...add, ...by(coordinator) })
      .then('plan_not_found');
  });

  it('keeps section numbers unique', () => {
    given(planCreated, sectionAdded('2'))
      .when({ ...add, ...by(coordinator) })
      .then('section_exists');
  });

  it('wants a section number like "2"', () => {
    given(planCreated)
      .when({ ...add, number: '2.1', ...by(coordinator) })
      .thenInvalid('number');
  });
});

describe("a plan's sections", () => {
  it(`stop at ${MAX_SECTIONS_PER_PLAN}: every write on the plan's measures is decided on its state`, () => {
    const full = Array.from({ length: MAX_SECTIONS_PER_PLAN }, (_, i) =>
      sectionAdded(String(MAX_SECTIONS_PER_PLAN - i)),
    );
    const ledger = given(planCreated, ...full)
      .when({ type: 'AddSection', planId: PLAN, number: '9999', title: 'Лишний раздел', ...by(coordinator) })
      .then('plan_sections_full');
    const numbers = ledger.plan(PLAN)?.sections.map((section) => Number(section.number));
    expect(numbers).toEqual(Array.from({ length: MAX_SECTIONS_PER_PLAN }, (_, i) => i + 1));
  });
});
