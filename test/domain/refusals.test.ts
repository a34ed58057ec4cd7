import { describe, expect, it } from 'vitest';
import { type DomainCommand, REFUSALS } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { auditor, by, coordinator, planCreated, registered, SPORT, tourismPlan } from './support/fixtures';
import { InMemoryLedger } from './support/ledger';

function statusOf(history: Parameters<InMemoryLedger['record']>[0], command: DomainCommand): [string, number] {
  const ledger = new InMemoryLedger();
  ledger.record(history);
  try {
    ledger.execute(command);
  } catch (error) {
    if (error instanceof AppError) return [error.code, error.status];
    throw error;
  }
  throw new Error(`${command.type} was not refused`);
}

describe('refusals', () => {
  it('map to the HTTP status a client sees', () => {
    const register = {
      type: 'RegisterExecutor',
      executorId: SPORT,
      fullName: 'Спорт',
      party: 'Смоленская область',
    } as const;
    expect(statusOf([], { ...register, ...by(auditor) })).toEqual(['forbidden_role', 403]);
    expect(statusOf([], { ...register, fullName: '', ...by(coordinator) })).toEqual(['validation_failed', 400]);
    expect(statusOf([registered(SPORT)], { ...register, ...by(coordinator) })).toEqual(['executor_exists', 409]);
    expect(
      statusOf([planCreated], { type: 'AddSection', planId: 'nope', number: '2', title: 'x', ...by(coordinator) }),
    ).toEqual(['plan_not_found', 404]);
    expect(
      statusOf(tourismPlan, {
        type: 'WithdrawExecution',
        planId: 'spb-smolensk',
        number: '9.1',
        reportId: 'r',
        reason: 'x',
        ...by(coordinator),
      }),
    ).toEqual(['report_not_found', 404]);
  });

  it('tell a key out of its scope (403) from a party the plan does not have (404)', () => {
    const smolensk = { keyId: 'k', role: 'coordinator', party: 'Смоленская область' } as const;
    expect(
      statusOf([planCreated], { type: 'AddSection', planId: 'spb-smolensk', number: '3', title: 'x', ...by(smolensk) }),
    ).toEqual(['party_key_cannot_change_plan', 403]);
    expect(
      statusOf([planCreated], {
        type: 'AddSection',
        planId: 'spb-smolensk',
        number: '3',
        title: 'x',
        ...by({ ...coordinator, planIds: ['another'] }),
      }),
    ).toEqual(['plan_out_of_scope', 403]);
    expect(
      statusOf([planCreated], {
        type: 'IssueApiKey',
        keyId: 'k2',
        role: 'coordinator',
        label: 'x',
        secretHash: 'a'.repeat(64),
        party: 'Москва',
        planIds: ['spb-smolensk'],
        ...by(coordinator),
      }),
    ).toEqual(['party_not_found', 404]);
  });

  it('have stable snake_case codes', () => {
    expect(Object.keys(REFUSALS).filter((code) => !/^[a-z]+(_[a-z]+)*$/.test(code))).toEqual([]);
  });
});
