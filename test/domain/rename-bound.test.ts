// Red team 6: renames had no bound. A coordinator, a party's included (its own party's
// executors), could rename an executor without end, alternating two names on one date; each
// rename is an event on the executor's stream (read whole by a cold process before any write
// that consults the executor) and a part of its footnote in every year's report from then on:
// 2,000 renames of 500-character names made the 2023 report's footnotes 1 MB, in 0.3 s on the
// command path, so one region's coordinator could make the joint report too large to build,
// as BUDGET.md bounds an agency's entries against. An executor takes at most
// MAX_RENAMES_PER_EXECUTOR renames (the import document's own limit); a stream written past
// it before still folds.
import { describe, expect, it } from 'vitest';
import { type Actor, type DomainEvent, MAX_RENAMES_PER_EXECUTOR } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { by, registered, TEREM } from './support/fixtures';
import { given } from './support/given';
import { InMemoryLedger } from './support/ledger';

const partyCoordinator: Actor = { keyId: 'key-smolensk', role: 'coordinator', party: 'Смоленская область' };
const renamed = (i: number): DomainEvent => ({
  type: 'ExecutorRenamed',
  data: { executorId: TEREM, newName: i % 2 === 0 ? 'АНО «Терем»' : 'АНО «Терем-2»', effectiveDate: '2023-06-01' },
});
const renames = (count: number) => Array.from({ length: count }, (_, i) => renamed(i));
const rename = (newName: string) =>
  ({
    type: 'RenameExecutor',
    executorId: TEREM,
    newName,
    effectiveDate: '2023-06-01',
    ...by(partyCoordinator),
  }) as const;

describe('the renames of one executor', () => {
  it('are taken up to the limit', () => {
    given(registered(TEREM), ...renames(MAX_RENAMES_PER_EXECUTOR - 1))
      .when(rename('Новое имя'))
      .then([expect.objectContaining({ type: 'ExecutorRenamed' })]);
  });

  it('are refused past it, with 409, the limit and the use, and nothing written', () => {
    const ledger = new InMemoryLedger();
    ledger.record([registered(TEREM), ...renames(MAX_RENAMES_PER_EXECUTOR)]);
    let error: unknown;
    try {
      ledger.execute(rename('Новое имя'));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      status: 409,
      code: 'executor_renames_exceeded',
      extras: { executorId: TEREM, limit: MAX_RENAMES_PER_EXECUTOR, used: MAX_RENAMES_PER_EXECUTOR },
    });
  });

  it('past it in a stream written before the limit, still fold to the last name', () => {
    const ledger = new InMemoryLedger();
    ledger.record([registered(TEREM), ...renames(MAX_RENAMES_PER_EXECUTOR + 11)]);
    expect(ledger.executor(TEREM)).toMatchObject({ fullName: 'АНО «Терем»', renamedOn: '2023-06-01' });
  });
});
