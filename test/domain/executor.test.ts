import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../shared/domain';
import {
  AT,
  agency,
  auditor,
  by,
  CENTER,
  coordinator,
  liquidated,
  registered,
  system,
  TEREM,
} from './support/fixtures';
import { given } from './support/given';
import { InMemoryLedger } from './support/ledger';

const register = {
  type: 'RegisterExecutor',
  executorId: TEREM,
  fullName: '  СОГБУ «Смоленский терем»  ',
  party: 'Смоленская область',
  kind: 'institution',
} as const;

describe('RegisterExecutor', () => {
  it('registers an executor with trimmed names', () => {
    given()
      .when({ ...register, ...by(coordinator) })
      .then([
        {
          type: 'ExecutorRegistered',
          data: {
            executorId: TEREM,
            fullName: 'СОГБУ «Смоленский терем»',
            party: 'Смоленская область',
            kind: 'institution',
          },
        },
      ]);
  });

  it('registers an executor only once', () => {
    given(registered(TEREM))
      .when({ ...register, ...by(coordinator) })
      .then('executor_exists');
  });

  it('refuses auditors and agencies', () => {
    given()
      .when({ ...register, ...by(auditor) })
      .then('forbidden_role');
    given(registered(CENTER))
      .when({ ...register, ...by(agency(CENTER)) })
      .then('forbidden_role');
  });

  it('lets the system actor bootstrap', () => {
    const ledger = given()
      .when({ ...register, ...by(system) })
      .then([expect.objectContaining({ type: 'ExecutorRegistered' })]);
    expect(ledger.executor(TEREM)?.fullName).toBe('СОГБУ «Смоленский терем»');
  });

  it('wants a non-empty name and a valid id', () => {
    given()
      .when({ ...register, fullName: '   ', executorId: 'bad id', ...by(coordinator) })
      .thenInvalid('fullName', 'executorId');
  });
});

describe('RenameExecutor', () => {
  const rename = {
    type: 'RenameExecutor',
    executorId: TEREM,
    newName: 'АНО «Терем»',
    effectiveDate: '2022-01-10',
  } as const;

  it('renames with an effective date; the short name goes unless given', () => {
    const ledger = given(registered(TEREM))
      .when({ ...rename, ...by(coordinator) })
      .then([
        { type: 'ExecutorRenamed', data: { executorId: TEREM, newName: 'АНО «Терем»', effectiveDate: '2022-01-10' } },
      ]);
    expect(ledger.executor(TEREM)).toMatchObject({ fullName: 'АНО «Терем»', shortName: null });
  });

  it('renames only a registered executor', () => {
    given()
      .when({ ...rename, ...by(coordinator) })
      .then('executor_not_found');
  });

  it('does not rename a liquidated executor', () => {
    given(registered(TEREM), liquidated(TEREM, '2022-03-14'))
      .when({ ...rename, ...by(coordinator) })
      .then('executor_liquidated');
  });

  it('refuses a rename to the same names', () => {
    given(registered(TEREM, 'АНО «Терем»'))
      .when({ ...rename, ...by(coordinator) })
      .then('rename_changes_nothing');
  });

  it('wants a real calendar date', () => {
    given(registered(TEREM))
      .when({ ...rename, effectiveDate: '2022-02-29', ...by(coordinator) })
      .thenInvalid('effectiveDate');
  });

  const renamed = (newName: string, effectiveDate: string): DomainEvent => ({
    type: 'ExecutorRenamed',
    data: { executorId: TEREM, newName, effectiveDate },
  });

  it('refuses a rename dated before the latest one recorded, naming both dates', () => {
    given(registered(TEREM), renamed('Министерство', '2023-05-01'))
      .when({ ...rename, newName: 'Департамент культуры и туризма', effectiveDate: '2022-01-01', ...by(coordinator) })
      .then('rename_out_of_order');
    const ledger = new InMemoryLedger();
    ledger.record([registered(TEREM), renamed('Министерство', '2023-05-01')]);
    expect(() => ledger.execute({ ...rename, effectiveDate: '2022-01-01', ...by(coordinator) })).toThrow(
      expect.objectContaining({
        code: 'rename_out_of_order',
        extras: { effectiveDate: '2022-01-01', latestRenameDate: '2023-05-01' },
      }),
    );
    // An old log with renames out of order: the latest date counts, not the last recorded.
    given(registered(TEREM), renamed('Министерство', '2023-05-01'), renamed('Департамент', '2023-01-01'))
      .when({ ...rename, effectiveDate: '2023-04-30', ...by(coordinator) })
      .then('rename_out_of_order');
  });

  it('takes a rename on or after the latest date, and folds an old log holding renames out of order', () => {
    given(registered(TEREM), renamed('Министерство', '2023-05-01'))
      .when({ ...rename, effectiveDate: '2023-05-01', ...by(coordinator) })
      .then([expect.objectContaining({ type: 'ExecutorRenamed' })]);
    const ledger = given(registered(TEREM), renamed('Министерство', '2023-05-01'), renamed('Департамент', '2022-01-01'))
      .when({ ...rename, effectiveDate: '2024-01-01', ...by(coordinator) })
      .then([expect.objectContaining({ type: 'ExecutorRenamed' })]);
    expect(ledger.executor(TEREM)).toMatchObject({ fullName: 'АНО «Терем»', renamedOn: '2024-01-01' });
  });
});

describe('LiquidateExecutor', () => {
  const liquidate = {
    type: 'LiquidateExecutor',
    executorId: TEREM,
    effectiveDate: '2022-03-14',
    successorId: CENTER,
  } as const;

  it('liquidates with a successor', () => {
    const ledger = given(registered(TEREM), registered(CENTER))
      .when({ ...liquidate, ...by(coordinator) })
      .then([liquidated(TEREM, '2022-03-14', CENTER)]);
    expect(ledger.executor(TEREM)?.liquidation).toEqual({
      effectiveDate: '2022-03-14',
      successorId: CENTER,
      note: null,
    });
  });

  it('liquidates without a successor', () => {
    given(registered(TEREM))
      .when({ type: 'LiquidateExecutor', executorId: TEREM, effectiveDate: '2022-03-14', ...by(coordinator) })
      .then([liquidated(TEREM, '2022-03-14')]);
  });

  it('liquidates only a registered executor, and only once', () => {
    given(registered(CENTER))
      .when({ ...liquidate, ...by(coordinator) })
      .then('executor_not_found');
    given(registered(TEREM), registered(CENTER), liquidated(TEREM, '2022-03-14'))
      .when({ ...liquidate, ...by(coordinator) })
      .then('executor_liquidated');
  });

  it('wants the successor registered', () => {
    given(registered(TEREM))
      .when({ ...liquidate, ...by(coordinator) })
      .then('successor_not_found');
  });

  it('refuses an executor as its own successor', () => {
    given(registered(TEREM))
      .when({ ...liquidate, successorId: TEREM, ...by(coordinator) })
      .then('successor_is_self');
  });

  it('refuses a liquidated successor', () => {
    given(registered(TEREM), registered(CENTER), liquidated(CENTER, '2021-01-01'))
      .when({ ...liquidate, ...by(coordinator) })
      .then('successor_liquidated');
  });

  it('wants a real calendar date', () => {
    given(registered(TEREM), registered(CENTER))
      .when({ ...liquidate, effectiveDate: '14.03.2022', ...by(coordinator) })
      .thenInvalid('effectiveDate');
  });

  it('is for keepers only', () => {
    given(registered(TEREM), registered(CENTER))
      .when({ ...liquidate, actor: agency(TEREM), at: AT })
      .then('forbidden_role');
  });
});
