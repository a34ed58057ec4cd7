// Every field message the forms' commands can give is said in Russian (never the
// general fallback), and every refusal code the domain knows has words of its own.
import { describe, expect, it } from 'vitest';
import { REFUSALS } from '../../shared/domain';
import { ValidationError } from '../../shared/errors';
import { reportExecutionCommand } from '../../shared/http/routes/executions';
import { liquidateExecutorCommand, renameExecutorCommand } from '../../shared/http/routes/executors';
import { issueApiKeyCommand } from '../../shared/http/routes/keys';
import { codeMessage, fieldMessage, formErrorsOf } from '../../shared/pages/messages';

const envelope = { actor: { keyId: 'k', role: 'agency' as const, executorId: 'x' }, at: '2024-01-01T00:00:00.000Z' };
const target = { planId: 'p', number: '1.1' };

function issues(build: () => unknown): string[] {
  try {
    build();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => i.message);
    throw error;
  }
  throw new Error('expected a validation error');
}

const FALLBACK = fieldMessage('something nobody says');

describe('field messages in Russian', () => {
  const bad: Array<[string, () => unknown]> = [
    [
      'an empty text, a non-number and a negative count',
      () =>
        reportExecutionCommand(
          envelope,
          target,
          { period: { kind: 'day', date: '2023-01-01' }, text: ' ', participants: 'сто', regions: -1 },
          () => 'r',
        ),
    ],
    [
      'an impossible date',
      () =>
        reportExecutionCommand(envelope, target, { period: { kind: 'day', date: '2023-02-30' }, text: 'x' }, () => 'r'),
    ],
    [
      'a range backwards',
      () =>
        reportExecutionCommand(
          envelope,
          target,
          { period: { kind: 'range', from: '2023-05-02', to: '2023-05-01' }, text: 'x' },
          () => 'r',
        ),
    ],
    [
      'a month without month or year',
      () => reportExecutionCommand(envelope, target, { period: { kind: 'month' }, text: 'x' }, () => 'r'),
    ],
    [
      'a month out of range and a year far off',
      () =>
        reportExecutionCommand(
          envelope,
          target,
          { period: { kind: 'month', year: 1800, month: 13 }, text: 'x' },
          () => 'r',
        ),
    ],
    [
      'a year as text',
      () =>
        reportExecutionCommand(envelope, target, { period: { kind: 'none', year: 'двадцать' }, text: 'x' }, () => 'r'),
    ],
    ['no period kind', () => reportExecutionCommand(envelope, target, { period: { kind: '' }, text: 'x' }, () => 'r')],
    [
      'a text too long',
      () =>
        reportExecutionCommand(
          envelope,
          target,
          { period: { kind: 'none', year: 2023 }, text: 'я'.repeat(10_001) },
          () => 'r',
        ),
    ],
    ...['\u0007', '\u202e', '\ud800', '\uffff'].map((ch): [string, () => unknown] => [
      `a text holding U+${ch.charCodeAt(0).toString(16).toUpperCase()}`,
      () =>
        reportExecutionCommand(
          envelope,
          target,
          { period: { kind: 'none', year: 2023 }, text: `Текст${ch}текст` },
          () => 'r',
        ),
    ]),
    [
      'a rename without name or date',
      () => renameExecutorCommand(envelope, 'e', { newName: '', effectiveDate: '2024-13-01' }),
    ],
    [
      'a liquidation with a malformed successor',
      () => liquidateExecutorCommand(envelope, 'e', { effectiveDate: '2024-01-01', successorId: 'не id' }),
    ],
    [
      'an agency key without executor',
      () =>
        issueApiKeyCommand(envelope, { keyId: 'abcdefgh', secretHash: 'a'.repeat(64) }, { role: 'agency', label: 'x' }),
    ],
    [
      'an auditor key with an executor, and an unknown role',
      () =>
        issueApiKeyCommand(
          envelope,
          { keyId: 'abcdefgh', secretHash: 'a'.repeat(64) },
          { role: 'auditor', executorId: 'e', label: '' },
        ),
    ],
    [
      'an unknown role',
      () =>
        issueApiKeyCommand(envelope, { keyId: 'abcdefgh', secretHash: 'a'.repeat(64) }, { role: 'boss', label: 'x' }),
    ],
  ];
  for (const [what, build] of bad) {
    it(`says ${what} in Russian`, () => {
      const messages = issues(build);
      expect(messages.length).toBeGreaterThan(0);
      for (const message of messages) {
        const said = fieldMessage(message);
        expect(said, message).not.toBe(FALLBACK);
        expect(said).toMatch(/[а-яё]/i);
      }
    });
  }
});

describe('refusal codes in Russian', () => {
  it('has words for every refusal the domain can give', () => {
    for (const code of Object.keys(REFUSALS)) expect(codeMessage(code), code).not.toBe('Запрос не выполнен.');
  });

  it('puts a refusal about a field next to that field, the others on the form', () => {
    const period = formErrorsOf(new REFUSALS.period_outside_plan('period_outside_plan', 'outside'));
    expect(period).toMatchObject({ status: 409, fields: { period: ['Период выходит за годы плана.'] } });
    const owner = formErrorsOf(new REFUSALS.not_report_owner('not_report_owner', 'not yours'));
    expect(owner.fields).toEqual({});
    expect(owner.form[0]).toContain('другое ведомство');
  });

  it('says which budget of the year a refusal hit, with the year, the limit and what is used', () => {
    const entries = formErrorsOf(
      new REFUSALS.year_budget_exceeded('year_budget_exceeded', 'full', {
        measure: '9.1',
        year: 2023,
        budget: 'entries',
        limit: 1000,
        used: 1000,
      }),
    );
    expect(entries.form[0]?.replace(/\s/g, ' ')).toBe(
      'У мероприятия 9.1 уже 1 000 записей за 2023 год — это предел (1 000). Отзовите ненужную запись, чтобы внести новую, или обратитесь к координатору.',
    );
    const characters = formErrorsOf(
      new REFUSALS.year_budget_exceeded('year_budget_exceeded', 'full', {
        measure: '9.1',
        year: 2023,
        budget: 'characters',
        limit: 200000,
        used: 199990,
      }),
    );
    expect(characters.form[0]?.replace(/\s/g, ' ')).toBe(
      'Записи мероприятия 9.1 за 2023 год заняли бы больше 200 000 знаков текста и места (уже 199 990). Сократите текст, отзовите ненужные записи или обратитесь к координатору.',
    );
    const changes = formErrorsOf(
      new REFUSALS.year_budget_exceeded('year_budget_exceeded', 'full', {
        measure: '9.1',
        year: 2023,
        budget: 'changes',
        limit: 5000,
        used: 5000,
      }),
    );
    expect(changes.form[0]?.replace(/\s/g, ' ')).toBe(
      'В мероприятие 9.1 за 2023 год уже внесено и исправлено 5 000 записей — это предел (5 000). Теперь за этот год запись можно только отозвать.',
    );
    const share = formErrorsOf(
      new REFUSALS.year_budget_exceeded('year_budget_exceeded', 'full', {
        measure: '9.1',
        year: 2023,
        budget: 'executor_changes',
        executorId: 'smolensk-sport-office',
        limit: 2500,
        used: 2500,
      }),
    );
    expect(share.form[0]?.replace(/\s/g, ' ')).toBe(
      'Записи этого исполнителя по мероприятию 9.1 за 2023 год уже вносились и исправлялись 2 500 раз — это предел для одного исполнителя (2 500, половина предела мероприятия). Теперь за этот год их можно только отозвать.',
    );
    const entriesShare = formErrorsOf(
      new REFUSALS.year_budget_exceeded('year_budget_exceeded', 'full', {
        measure: '7.1',
        year: 2023,
        budget: 'executor_entries',
        executorId: 'smolensk-social-dept',
        limit: 500,
        used: 500,
      }),
    );
    expect(entriesShare.form[0]?.replace(/\s/g, ' ')).toBe(
      'У этого исполнителя уже 500 записей по мероприятию 7.1 за 2023 год — это предел для одного исполнителя (500, половина предела мероприятия; записи исполнителей, которых он сменил, считаются вместе с его записями). Отзовите ненужную запись этого исполнителя, чтобы внести новую, или обратитесь к координатору.',
    );
    const charactersShare = formErrorsOf(
      new REFUSALS.year_budget_exceeded('year_budget_exceeded', 'full', {
        measure: '7.1',
        year: 2023,
        budget: 'executor_characters',
        executorId: 'smolensk-social-dept',
        limit: 100000,
        used: 99990,
        requested: 43,
      }),
    );
    expect(charactersShare.form[0]?.replace(/\s/g, ' ')).toBe(
      'Записи этого исполнителя по мероприятию 7.1 за 2023 год заняли бы больше 100 000 знаков текста и места (уже 99 990) — это предел для одного исполнителя (половина предела мероприятия; записи исполнителей, которых он сменил, считаются вместе с его записями). Сократите текст, отзовите ненужные записи этого исполнителя или обратитесь к координатору.',
    );
    // Without the details (an older answer), the general words.
    const bare = formErrorsOf(new REFUSALS.year_budget_exceeded('year_budget_exceeded', 'full'));
    expect(bare.form[0]).toBe(codeMessage('year_budget_exceeded'));
    expect(bare.form[0]).toMatch(/за год может быть не больше 1\s000 записей и 200\s000 знаков/);
  });

  it('lets what is not a client’s mistake through', () => {
    expect(() => formErrorsOf(new Error('boom'))).toThrow('boom');
  });
});
