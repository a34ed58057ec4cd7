// Given these events, when this command, then these events or this refusal.
import { expect } from 'vitest';
import type { DomainCommand, DomainEvent } from '../../../shared/domain';
import { AppError, ValidationError } from '../../../shared/errors';
import { InMemoryLedger } from './ledger';

function outcome(run: () => DomainEvent[]): { events: DomainEvent[] } | { error: unknown } {
  try {
    return { events: run() };
  } catch (error) {
    return { error };
  }
}

export function given(...history: DomainEvent[]) {
  return {
    when(command: DomainCommand) {
      const ledger = new InMemoryLedger();
      ledger.record(history);
      const result = outcome(() => ledger.execute(command));
      return {
        /** Expected events, or the stable code of the expected refusal. */
        // biome-ignore lint/suspicious/noThenProperty: given/when/then reads as the rule it tests; never awaited
        then(expected: DomainEvent[] | string): InMemoryLedger {
          if (typeof expected === 'string') {
            expect('error' in result ? result.error : result).toBeInstanceOf(AppError);
            expect(result).toMatchObject({ error: { code: expected } });
          } else {
            expect(result).toEqual({ events: expected });
          }
          return ledger;
        },
        /** A 400 naming the failing fields. */
        thenInvalid(...paths: string[]): void {
          expect('error' in result ? result.error : result).toBeInstanceOf(ValidationError);
          const error = (result as { error: ValidationError }).error;
          expect(error.code).toBe('validation_failed');
          expect(error.issues.map((issue) => issue.path)).toEqual(expect.arrayContaining(paths));
        },
      };
    },
  };
}
