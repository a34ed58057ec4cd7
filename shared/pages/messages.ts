// What the pages say about a refused write, in Russian: the same problem codes and field
// paths the API answers with (RFC 9457 `code`, `errors[].path`), put into words next to
// the field they concern. Nothing here decides anything: the command path has already.
import { MAX_ENTRIES_PER_MEASURE_YEAR, MAX_TEXT_PER_MEASURE_YEAR } from '../domain/limits';
import { AppError, ValidationError } from '../errors';
import { formatDateNumeric } from '../report/russian-dates';

/**
 * Each problem code the pages can meet, in words; a field when the code is about one; `say`
 * when the refusal's details (its extras) make a more precise sentence.
 */
const CODES: Record<
  string,
  { text: string; field?: string; say?: (extras: Record<string, unknown>) => string | null }
> = {
  validation_failed: { text: 'Проверьте выделенные поля.' },
  malformed_request: { text: 'Форма пришла в непонятном виде; откройте страницу заново.' },
  unauthorized: { text: 'Ключ отозван или неизвестен: войдите снова.' },
  forbidden_role: { text: 'Ваша роль не позволяет это сделать.' },
  not_own_executor: { text: 'Ведомство может сообщать только от своего имени.' },
  not_report_owner: {
    text: 'Эту запись внесло другое ведомство: исправить или отозвать её может оно или координатор.',
  },
  not_responsible_agency: { text: 'Ваше ведомство не отвечает за это мероприятие.' },
  plan_out_of_scope: { text: 'Ваш ключ не даёт доступа к этому плану.' },
  executor_of_other_party: { text: 'Этот исполнитель относится к другой стороне: им занимается её координатор.' },
  party_key_cannot_change_plan: {
    text: 'План (разделы, мероприятия, их тексты) меняет только координатор без ограничения стороной.',
  },
  publication_of_other_party: { text: 'Ваш ключ позволяет публиковать только отчёт своей стороны.', field: 'party' },
  key_party_outside_scope: { text: 'Ключ можно выпустить или отозвать только в пределах своей стороны.' },
  key_plans_outside_scope: { text: 'Ключ можно выпустить или отозвать только в пределах своих планов.' },
  whole_log_out_of_scope: { text: 'Ключ, ограниченный планами, не даёт доступа ко всему журналу.' },
  stream_out_of_scope: { text: 'Этот поток относится к плану вне ваших полномочий.' },
  successor_of_other_party: { text: 'Правопреемник должен относиться к той же стороне.', field: 'successorId' },
  party_not_found: { text: 'В плане нет такой стороны.', field: 'party' },
  executor_exists: { text: 'Исполнитель с таким идентификатором уже есть.', field: 'executorId' },
  executor_not_found: { text: 'Такого исполнителя нет в справочнике.', field: 'executorId' },
  executor_liquidated: { text: 'Исполнитель ликвидирован.' },
  rename_changes_nothing: { text: 'Новое наименование совпадает с действующим.', field: 'newName' },
  rename_out_of_order: {
    text: 'Исполнитель уже переименован с более поздней даты: переименование должно вступать в силу не раньше последнего.',
    field: 'effectiveDate',
    say: (extras) =>
      typeof extras.latestRenameDate === 'string'
        ? `Исполнитель уже переименован с ${formatDateNumeric(extras.latestRenameDate)} года: переименование должно вступать в силу не раньше этой даты.`
        : null,
  },
  executor_renames_exceeded: {
    text: 'Исполнитель уже переименован предельное число раз.',
    say: (extras) =>
      typeof extras.limit === 'number'
        ? `Исполнитель уже переименован ${extras.limit} раз — это предел для одного исполнителя.`
        : null,
  },
  successor_not_found: { text: 'Такого правопреемника нет в справочнике.', field: 'successorId' },
  successor_is_self: { text: 'Исполнитель не может быть собственным правопреемником.', field: 'successorId' },
  successor_liquidated: { text: 'Правопреемник сам ликвидирован.', field: 'successorId' },
  plan_exists: { text: 'План с таким идентификатором уже есть.' },
  plan_not_found: { text: 'Такого плана нет.', field: 'plan' },
  section_exists: { text: 'Такой раздел уже есть.' },
  section_not_found: { text: 'Такого раздела нет.' },
  plan_sections_full: { text: 'В плане уже предельное число разделов.' },
  measure_exists: { text: 'Мероприятие с таким номером уже есть.' },
  measure_not_found: { text: 'Такого мероприятия нет в плане.' },
  measure_outside_section: { text: 'Номер мероприятия не относится к разделу.' },
  term_outside_plan: { text: 'Срок выходит за годы плана.' },
  amendment_changes_nothing: { text: 'Изменение ничего не меняет.' },
  executor_not_responsible: { text: 'Исполнитель не отвечает за это мероприятие.' },
  period_after_liquidation: { text: 'Период начинается после ликвидации исполнителя.', field: 'period' },
  period_outside_plan: { text: 'Период выходит за годы плана.', field: 'period' },
  report_exists: { text: 'Такая запись уже есть.' },
  report_not_found: { text: 'Такой записи нет.' },
  report_withdrawn: { text: 'Запись уже отозвана.' },
  correction_changes_nothing: { text: 'Исправление ничего не меняет: измените хотя бы одно поле.' },
  year_budget_exceeded: {
    text: `У мероприятия за год может быть не больше ${number(MAX_ENTRIES_PER_MEASURE_YEAR)} записей и ${number(MAX_TEXT_PER_MEASURE_YEAR)} знаков текста и места; сократите текст или отзовите ненужные записи.`,
    say: budgetMessage,
  },
  apikey_exists: { text: 'Такой ключ уже есть.' },
  apikey_not_found: { text: 'Такого ключа нет.' },
  apikey_revoked: { text: 'Ключ уже отозван.' },
  year_outside_plan: { text: 'Этот год не входит в годы плана.', field: 'year' },
  publication_not_found: { text: 'Такой редакции отчёта нет.' },
  publication_current: { text: 'Эта редакция отчёта только что опубликована.' },
  publication_outdated: { text: 'Тем временем опубликована более новая редакция; опубликуйте снова.' },
  checkpoint_invalid: { text: 'Подписанная контрольная точка не совпадает с записываемой.' },
  checkpoint_not_newer: { text: 'Контрольная точка журнала этого размера уже записана.' },
  checkpoint_inconsistent: { text: 'Журнал не продолжает записанную контрольную точку: история разошлась.' },
  idempotency_key_reused: { text: 'Эта форма уже была отправлена с другим содержанием; откройте её заново.' },
  version_conflict: { text: 'Данные тем временем изменились; повторите.' },
  version_mismatch: { text: 'Данные тем временем изменились; откройте страницу заново.' },
  body_too_large: { text: 'Слишком большой объём данных.' },
  event_too_large: { text: 'Запись слишком велика.' },
  too_many_events: {
    text: 'Слишком много изменений за один раз.',
    say: (extras) =>
      typeof extras.streamsChecked === 'number' && extras.streamsChecked > 50
        ? `Решение опирается на слишком много сведений сразу (${number(extras.streamsChecked)}): например, на записи слишком многих исполнителей за год по одному мероприятию. Обратитесь к координатору.`
        : null,
  },
  append_too_large: { text: 'Слишком большой объём изменений за один раз.' },
  store_unavailable: { text: 'Хранилище сейчас недоступно; повторите через несколько секунд.' },
  not_a_docx: { text: 'Это не файл Word (.docx).', field: 'file' },
  not_a_report: { text: 'В файле не найден отчёт в форме ежегодного отчёта.', field: 'file' },
  plan_unknown: { text: 'План отчёта не найден; укажите его.', field: 'plan' },
  docx_too_large: { text: 'Файл слишком велик.', field: 'file' },
  not_an_import: { text: 'Это не документ импорта (JSON) и не файл Word.', field: 'file' },
};

/** Field messages the API gives in English, in Russian; anything else gets a general hint. */
const FIELD_MESSAGES: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^must not be empty$/, () => 'Заполните это поле.'],
  [/^must be at most (\d+) characters$/, (m) => `Не длиннее ${m[1]} символов.`],
  [
    /^must not contain (control characters|bidirectional override characters|unpaired surrogates|the noncharacters)/,
    () => 'Текст содержит служебные символы, которые нельзя сохранить (их часто приносит копирование): удалите их.',
  ],
  [/^must be a real calendar date/, () => 'Укажите существующую дату.'],
  [/^must not be before from$/, () => 'Дата окончания раньше даты начала.'],
  [/^must be a month 1-12$/, () => 'Выберите месяц.'],
  [/^must be a year from (\d+) to (\d+)$/, (m) => `Укажите год от ${m[1]} до ${m[2]}.`],
  [/^must start with a letter or digit/, () => 'Только латинские буквы, цифры и знаки . _ : -'],
  [/^an agency key needs an executor$/, () => 'Для ключа ведомства выберите исполнителя.'],
  [/^only agency keys act for an executor$/, () => 'Исполнитель указывается только для ключа ведомства.'],
  [/^there is no executor (.+) in the directory$/, (m) => `В справочнике нет исполнителя ${m[1]}.`],
  [/^must read "<name as printed>=<executorId>"$/, () => 'Каждая строка: «наименование как в файле=идентификатор».'],
  [/^must be true or false$/, () => 'Выберите да или нет.'],
  [/^one \.docx file is required$|^one file is required$/, () => 'Выберите один файл.'],
  [/^Invalid input: expected (number|int), received undefined$/, () => 'Заполните это поле.'],
  [/^Invalid input: expected (number|int)/, () => 'Введите целое число.'],
  [/^Too small: expected number to be >=?0/, () => 'Число не может быть отрицательным.'],
  [/^Too small/, () => 'Слишком маленькое значение.'],
  [/^Too big/, () => 'Слишком большое значение.'],
  [/^Invalid input: expected string, received undefined$/, () => 'Заполните это поле.'],
  [/^Invalid option|^Invalid input$|^Invalid discriminator value/, () => 'Выберите один из вариантов.'],
];

export function fieldMessage(message: string): string {
  for (const [pattern, say] of FIELD_MESSAGES) {
    const match = pattern.exec(message);
    if (match) return say(match);
  }
  return 'Проверьте значение.';
}

/** A number as Russian text writes it: 200 000. */
function number(value: number): string {
  return value.toLocaleString('ru-RU').replace(/\s/g, '\u00a0');
}

/** The year, the limit and what is used, from a `year_budget_exceeded` refusal. */
function budgetMessage(extras: Record<string, unknown>): string | null {
  const { year, budget, limit, used } = extras;
  if (typeof year !== 'number' || typeof limit !== 'number' || typeof used !== 'number') return null;
  if (budget === 'changes') {
    return `В мероприятие ${measureOf(extras)}за ${year} год уже внесено и исправлено ${number(used)} записей — это предел (${number(limit)}). Теперь за этот год запись можно только отозвать.`;
  }
  if (budget === 'executor_changes') {
    return `Записи этого исполнителя по мероприятию ${measureOf(extras)}за ${year} год уже вносились и исправлялись ${number(used)} раз — это предел для одного исполнителя (${number(limit)}, половина предела мероприятия). Теперь за этот год их можно только отозвать.`;
  }
  if (budget === 'executor_entries') {
    return `У этого исполнителя уже ${number(used)} записей по мероприятию ${measureOf(extras)}за ${year} год — это предел для одного исполнителя (${number(limit)}, половина предела мероприятия; записи исполнителей, которых он сменил, считаются вместе с его записями). Отзовите ненужную запись этого исполнителя, чтобы внести новую, или обратитесь к координатору.`;
  }
  if (budget === 'executor_characters') {
    return `Записи этого исполнителя по мероприятию ${measureOf(extras)}за ${year} год заняли бы больше ${number(limit)} знаков текста и места (уже ${number(used)}) — это предел для одного исполнителя (половина предела мероприятия; записи исполнителей, которых он сменил, считаются вместе с его записями). Сократите текст, отзовите ненужные записи этого исполнителя или обратитесь к координатору.`;
  }
  if (budget === 'entries') {
    return `У мероприятия ${measureOf(extras)}уже ${number(used)} записей за ${year} год — это предел (${number(limit)}). Отзовите ненужную запись, чтобы внести новую, или обратитесь к координатору.`;
  }
  return `Записи мероприятия ${measureOf(extras)}за ${year} год заняли бы больше ${number(limit)} знаков текста и места (уже ${number(used)}). Сократите текст, отзовите ненужные записи или обратитесь к координатору.`;
}

const measureOf = (extras: Record<string, unknown>) => (typeof extras.measure === 'string' ? `${extras.measure} ` : '');

export function codeMessage(code: string): string {
  return CODES[code]?.text ?? 'Запрос не выполнен.';
}

/** What a page shows for a refused write: per field (by the API's path) and for the whole form. */
export interface FormErrors {
  status: number;
  code: string;
  /** Field path (`period.date`, `text`) → messages. */
  fields: Record<string, string[]>;
  /** Messages about the form as a whole. */
  form: string[];
}

export const NO_ERRORS: FormErrors = { status: 200, code: '', fields: {}, form: [] };

/** The form errors of a refusal; anything that is not a client's mistake is rethrown. */
export function formErrorsOf(error: unknown): FormErrors {
  if (!(error instanceof AppError) || error.status >= 500) throw error;
  const fields: Record<string, string[]> = {};
  const add = (path: string, text: string) => {
    fields[path] = [...(fields[path] ?? []), text];
  };
  const form: string[] = [];
  if (error instanceof ValidationError && error.issues.length > 0) {
    for (const issue of error.issues) add(issue.path, fieldMessage(issue.message));
    form.push(codeMessage(error.code));
  } else {
    const known = CODES[error.code];
    const text = known?.say?.(error.extras) ?? known?.text;
    if (known?.field && text) add(known.field, text);
    form.push(text ?? 'Запрос не выполнен.');
  }
  return { status: error.status, code: error.code, fields, form };
}

/** The messages for a field and everything under it that has no field of its own on the form. */
export function messagesFor(errors: FormErrors, path: string, shown: readonly string[] = []): string[] {
  return Object.entries(errors.fields)
    .filter(([key]) => key === path || (key.startsWith(`${path}.`) && !shown.includes(key)))
    .flatMap(([, texts]) => texts);
}
