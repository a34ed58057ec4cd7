// A command is parsed once, where it is built: its decider takes the fields parsed then,
// and only from the very (frozen) command object they were parsed for.
import { describe, expect, it } from 'vitest';
import { commandFields, parseCommand, ReportExecutionSchema } from '../../shared/domain';
import { agency, by, PLAN, SPORT, tourismPlan } from './support/fixtures';
import { given } from './support/given';

const fields = {
  type: 'ReportExecution',
  planId: PLAN,
  number: '9.1',
  reportId: '2023-9.1-01',
  executorId: SPORT,
  period: { kind: 'day', date: '2023-04-09' },
  text: '  Соревнования\r\nпо фехтованию  ',
} as const;

const built = () => parseCommand(ReportExecutionSchema, fields, 'execution report', by(agency(SPORT)));

describe('parseCommand', () => {
  it('decides as the same command written out by hand, on the fields as parsed (normalised text)', () => {
    const { type: _type, ...data } = { ...fields, text: 'Соревнования\nпо фехтованию' };
    given(...tourismPlan)
      .when(built())
      .then([{ type: 'ExecutionReported', data }]);
    given(...tourismPlan)
      .when({ ...fields, ...by(agency(SPORT)) })
      .then([{ type: 'ExecutionReported', data }]);
  });

  it('freezes the command and its fields, so nothing changes them between parsing and deciding', () => {
    const command = built();
    expect(() => {
      (command as { text: string }).text = '';
    }).toThrow(TypeError);
    expect(() => {
      (command.period as { date: string }).date = '2023-02-30';
    }).toThrow(TypeError);
    // The decider reads the fields parsed for this object, not parsed again.
    expect(commandFields(ReportExecutionSchema, command, 'execution report')).toBe(
      commandFields(ReportExecutionSchema, command, 'execution report'),
    );
  });

  it('parses a copy again: an edited copy of a parsed command is refused as any hand-written one', () => {
    const command = built();
    given(...tourismPlan)
      .when({ ...command, text: ' ' })
      .thenInvalid('text');
    given(...tourismPlan)
      .when({ ...command, period: { kind: 'day', date: '2023-02-30' } })
      .thenInvalid('period.date');
  });
});
