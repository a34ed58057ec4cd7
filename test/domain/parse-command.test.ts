// A command is parsed once, where it is built: its decider takes the fields parsed then,
// and only from the very (frozen) command object they were parsed for.
import { describe, expect, it } from 'vitest';
import { commandFields, parseCommand, ReportExecutionSchema } from '../../shared/domain';
import { ValidationError } from '../../shared/errors';
import { reportExecutionCommand } from '../../shared/http/routes/executions';
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

  it('builds the same command from fields a route parsed, key for key, and checks what it filled in', () => {
    const target = { planId: PLAN, number: '9.1' };
    const body = { period: { kind: 'day', date: '2023-04-09' }, text: 'Соревнования', place: 'Смоленск', regions: 7 };
    const envelope = by(agency(SPORT));
    for (const reportId of [undefined, '2023-9.1-07']) {
      const given = reportId ? { reportId, ...body } : body;
      const routed = reportExecutionCommand(envelope, target, given, () => 'abc123', true);
      const parsed = reportExecutionCommand(envelope, target, given, () => 'abc123');
      expect(JSON.stringify(routed)).toBe(JSON.stringify(parsed));
      expect(commandFields(ReportExecutionSchema, routed, 'execution report')).toEqual(
        commandFields(ReportExecutionSchema, parsed, 'execution report'),
      );
    }
    // A derived id that is not an id is refused, not trusted.
    expect(() => reportExecutionCommand(envelope, target, body, () => 'not an id', true)).toThrow(ValidationError);
  });
});
