import { describe, expect, it } from 'vitest';
import { MAX_TEXT_LENGTH } from '../../shared/domain';
import { textDigest } from '../../shared/domain/measure/state';
import {
  agency,
  auditor,
  by,
  CENTER,
  coordinator,
  INVEST,
  liquidated,
  PLAN,
  registered,
  reported,
  SPORT,
  system,
  TEREM,
  tourismPlan,
} from './support/fixtures';
import { given } from './support/given';

const report = {
  type: 'ReportExecution',
  planId: PLAN,
  number: '9.1',
  reportId: '2023-9.1-01',
  executorId: SPORT,
  period: { kind: 'day', date: '2023-04-09' },
  text: 'Межрегиональные соревнования по фехтованию. Всего 31 участник из 7 регионов',
  place: 'г. Смоленск',
  participants: 31,
  regions: 7,
} as const;

describe('ReportExecution', () => {
  it('records an entry reported by a responsible executor', () => {
    const { type: _type, ...data } = report;
    const ledger = given(...tourismPlan)
      .when({ ...report, ...by(agency(SPORT)) })
      .then([{ type: 'ExecutionReported', data }]);
    const { planId: _planId, number: _number, text, ...entry } = data;
    expect(ledger.measure(PLAN, '9.1')?.reports.toArray()).toEqual([
      { ...entry, textDigest: textDigest(text), textLength: text.length, withdrawal: null },
    ]);
  });

  it('refuses an executor that is not responsible for the measure', () => {
    given(...tourismPlan)
      .when({ ...report, executorId: INVEST, ...by(coordinator) })
      .then('executor_not_responsible');
  });

  it("refuses an agency reporting on another agency's measure as a matter of access", () => {
    given(...tourismPlan)
      .when({ ...report, executorId: INVEST, ...by(agency(INVEST)) })
      .then('not_responsible_agency');
  });

  it('lets the successor of a liquidated executor report, transitively', () => {
    const heir = 'tourism-center-heir';
    given(...tourismPlan, registered(heir), liquidated(CENTER, '2023-01-01', heir))
      .when({ ...report, number: '2.1', executorId: heir, ...by(agency(heir)) })
      .then([expect.objectContaining({ type: 'ExecutionReported' })]);
  });

  it('refuses a liquidated executor for a period starting after its liquidation', () => {
    given(...tourismPlan)
      .when({ ...report, number: '2.1', executorId: TEREM, ...by(coordinator) })
      .then('period_after_liquidation');
    given(...tourismPlan)
      .when({ ...report, number: '2.1', executorId: TEREM, period: { kind: 'none', year: 2023 }, ...by(coordinator) })
      .then('period_after_liquidation');
  });

  it('accepts a liquidated executor for a period starting before, or on, its liquidation date', () => {
    given(...tourismPlan)
      .when({
        ...report,
        number: '2.1',
        executorId: TEREM,
        period: { kind: 'range', from: '2022-03-01', to: '2022-03-20' },
        ...by(system),
      })
      .then([expect.objectContaining({ type: 'ExecutionReported' })]);
    given(...tourismPlan)
      .when({ ...report, number: '2.1', executorId: TEREM, period: { kind: 'day', date: '2022-03-14' }, ...by(system) })
      .then([expect.objectContaining({ type: 'ExecutionReported' })]);
  });

  it('lets an agency report only as its own executor', () => {
    given(...tourismPlan)
      .when({ ...report, ...by(agency(INVEST)) })
      .then('not_own_executor');
  });

  it('refuses auditors', () => {
    given(...tourismPlan)
      .when({ ...report, ...by(auditor) })
      .then('forbidden_role');
  });

  it('keeps the period within the plan years, even for a range crossing into 2024', () => {
    given(...tourismPlan)
      .when({ ...report, period: { kind: 'range', from: '2023-12-28', to: '2024-01-08' }, ...by(coordinator) })
      .then('period_outside_plan');
    given(...tourismPlan)
      .when({ ...report, period: { kind: 'none', year: 2020 }, ...by(coordinator) })
      .then('period_outside_plan');
  });

  it('wants a valid period', () => {
    given(...tourismPlan)
      .when({ ...report, period: { kind: 'day', date: '2023-02-29' }, ...by(coordinator) })
      .thenInvalid('period.date');
    given(...tourismPlan)
      .when({ ...report, period: { kind: 'month', year: 2023, month: 13 }, ...by(coordinator) })
      .thenInvalid('period.month');
    given(...tourismPlan)
      .when({ ...report, period: { kind: 'range', from: '2023-03-18', to: '2023-03-14' }, ...by(coordinator) })
      .thenInvalid('period.to');
  });

  it('wants counts to be non-negative integers', () => {
    given(...tourismPlan)
      .when({ ...report, participants: -1, regions: 2.5, ...by(coordinator) })
      .thenInvalid('participants', 'regions');
  });

  it('wants a text, non-empty after trimming and bounded', () => {
    given(...tourismPlan)
      .when({ ...report, text: ' \n ', ...by(coordinator) })
      .thenInvalid('text');
    given(...tourismPlan)
      .when({ ...report, text: 'я'.repeat(MAX_TEXT_LENGTH + 1), ...by(coordinator) })
      .thenInvalid('text');
  });

  it('bounds the text as it is stored (NFC), not as it was sent', () => {
    // U+FB2C is one character that NFC writes as three (ש, dagesh, shin dot): within the
    // limit as sent, three times the limit as stored, in the budget and in every report.
    const sent = '\ufb2c'.repeat(MAX_TEXT_LENGTH);
    expect(sent.normalize('NFC').length).toBe(3 * MAX_TEXT_LENGTH);
    given(...tourismPlan)
      .when({ ...report, text: sent, ...by(coordinator) })
      .thenInvalid('text');
    given(...tourismPlan)
      .when({ ...report, text: '\ufb2c'.repeat(Math.floor(MAX_TEXT_LENGTH / 3)), ...by(coordinator) })
      .then([expect.objectContaining({ type: 'ExecutionReported' })]);
  });

  it('keeps report ids unique within the measure', () => {
    given(...tourismPlan, reported('9.1', '2023-9.1-01', SPORT))
      .when({ ...report, ...by(coordinator) })
      .then('report_exists');
  });

  it('reports only on an existing measure', () => {
    given(...tourismPlan)
      .when({ ...report, number: '9.2', ...by(coordinator) })
      .then('measure_not_found');
  });
});

describe('CorrectExecution', () => {
  const history = [...tourismPlan, reported('9.1', 'r1', SPORT, 'Соревнования по футболу')];
  const correct = {
    type: 'CorrectExecution',
    planId: PLAN,
    number: '9.1',
    reportId: 'r1',
    reason: 'опечатка',
  } as const;

  it('carries only what changed, and the state shows the correction', () => {
    const ledger = given(...history)
      .when({
        ...correct,
        text: 'Соревнования по футболу «Кубок ЦСКА – 2023»',
        place: 'г. Смоленск',
        period: { kind: 'day', date: '2023-04-09' },
        ...by(agency(SPORT)),
      })
      .then([
        {
          type: 'ExecutionCorrected',
          data: {
            planId: PLAN,
            number: '9.1',
            reportId: 'r1',
            text: 'Соревнования по футболу «Кубок ЦСКА – 2023»',
            place: 'г. Смоленск',
            reason: 'опечатка',
          },
        },
      ]);
    expect(ledger.measure(PLAN, '9.1')?.reports.toArray()[0]).toMatchObject({
      textDigest: textDigest('Соревнования по футболу «Кубок ЦСКА – 2023»'),
      place: 'г. Смоленск',
    });
  });

  it('clears an optional field with null', () => {
    const ledger = given(...history, {
      type: 'ExecutionCorrected',
      data: { planId: PLAN, number: '9.1', reportId: 'r1', participants: 160, reason: 'x' },
    })
      .when({ ...correct, participants: null, ...by(coordinator) })
      .then([
        {
          type: 'ExecutionCorrected',
          data: { planId: PLAN, number: '9.1', reportId: 'r1', participants: null, reason: 'опечатка' },
        },
      ]);
    expect(ledger.measure(PLAN, '9.1')?.reports.toArray()[0]?.participants).toBeNull();
  });

  it('refuses a correction that changes nothing', () => {
    given(...history)
      .when({ ...correct, text: 'Соревнования по футболу', ...by(coordinator) })
      .then('correction_changes_nothing');
  });

  it('corrects only an existing report', () => {
    given(...history)
      .when({ ...correct, reportId: 'r2', text: 'x', ...by(coordinator) })
      .then('report_not_found');
  });

  it('does not correct a withdrawn report', () => {
    given(...history, {
      type: 'ExecutionWithdrawn',
      data: { planId: PLAN, number: '9.1', reportId: 'r1', reason: 'дубль' },
    })
      .when({ ...correct, text: 'x', ...by(coordinator) })
      .then('report_withdrawn');
  });

  it('lets an agency correct only what its executor reported', () => {
    given(...history, registered('other'))
      .when({ ...correct, text: 'x', ...by(agency('other')) })
      .then('not_report_owner');
  });

  it("lets the successor's agency correct what the liquidated executor reported", () => {
    given(...tourismPlan, reported('2.1', 'old', INVEST), {
      type: 'ExecutionReported',
      data: {
        planId: PLAN,
        number: '2.1',
        reportId: 'terem-1',
        executorId: TEREM,
        period: { kind: 'day', date: '2022-03-01' },
        text: 'Терем',
      },
    })
      .when({ ...correct, number: '2.1', reportId: 'terem-1', text: 'Терем, исправлено', ...by(agency(CENTER)) })
      .then([expect.objectContaining({ type: 'ExecutionCorrected' })]);
  });

  it('keeps a corrected period within the plan years', () => {
    given(...history)
      .when({ ...correct, period: { kind: 'month', year: 2024, month: 1 }, ...by(coordinator) })
      .then('period_outside_plan');
  });

  it('wants a reason', () => {
    given(...history)
      .when({ ...correct, text: 'x', reason: ' ', ...by(coordinator) })
      .thenInvalid('reason');
  });
});

describe('WithdrawExecution', () => {
  const history = [...tourismPlan, reported('9.1', 'r1', SPORT)];
  const withdraw = { type: 'WithdrawExecution', planId: PLAN, number: '9.1', reportId: 'r1', reason: 'дубль' } as const;

  it('withdraws a report; the entry stays, marked', () => {
    const ledger = given(...history)
      .when({ ...withdraw, ...by(agency(SPORT)) })
      .then([{ type: 'ExecutionWithdrawn', data: { planId: PLAN, number: '9.1', reportId: 'r1', reason: 'дубль' } }]);
    expect(ledger.measure(PLAN, '9.1')?.reports.toArray()[0]?.withdrawal).toEqual({ reason: 'дубль' });
  });

  it('withdraws only once', () => {
    given(...history, {
      type: 'ExecutionWithdrawn',
      data: { planId: PLAN, number: '9.1', reportId: 'r1', reason: 'дубль' },
    })
      .when({ ...withdraw, ...by(coordinator) })
      .then('report_withdrawn');
  });

  it('withdraws only an existing report', () => {
    given(...history)
      .when({ ...withdraw, reportId: 'r9', ...by(coordinator) })
      .then('report_not_found');
  });

  it("lets an agency withdraw only its executor's reports", () => {
    given(...history)
      .when({ ...withdraw, ...by(agency(INVEST)) })
      .then('not_report_owner');
  });
});
