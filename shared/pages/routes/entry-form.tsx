// The fields of an execution entry, for reporting one and for correcting it: the period
// (a day, a range, a month, or only the year), the text, the place and the counts.
// Without JavaScript every period field is there; a browser with :has() shows only
// the chosen kind's.
import { MAX_SHORT_TEXT_LENGTH, MAX_TEXT_LENGTH } from '../../domain/limits';
import type { Period } from '../../domain/period';
import type { EntryDoc } from '../../views/documents';
import { MONTH_NAMES } from '../format';
import type { FormErrors } from '../messages';
import { fieldId, SelectField, TextArea, TextField } from '../ui';

export type Values = Record<string, string>;

/** The labels of the entry's fields, for the error summary's links. */
export const ENTRY_LABELS: Record<string, string> = {
  'period.date': 'Дата',
  'period.from': 'Начало периода',
  'period.to': 'Конец периода',
  'period.month': 'Месяц',
  'period.year': 'Год',
  period: 'Когда',
  text: 'Что сделано',
  place: 'Место проведения',
  participants: 'Число участников',
  regions: 'Число регионов',
  reason: 'Причина',
  executorId: 'Исполнитель',
};

const PERIOD_FIELDS = ['period.date', 'period.from', 'period.to', 'period.month', 'period.year'];

const KINDS: Array<[string, string]> = [
  ['day', 'В определённый день'],
  ['range', 'С одной даты по другую'],
  ['month', 'В течение месяца'],
  ['none', 'Без даты, за год'],
];

/** The form values of a period. */
export function periodValues(period: Period): Values {
  switch (period.kind) {
    case 'day':
      return { 'period.kind': 'day', 'period.date': period.date };
    case 'range':
      return { 'period.kind': 'range', 'period.from': period.from, 'period.to': period.to };
    case 'month':
      return { 'period.kind': 'month', 'period.year': String(period.year), 'period.month': String(period.month) };
    case 'none':
      return { 'period.kind': 'none', 'period.year': String(period.year) };
  }
}

/** The form values of an entry as it stands. */
export function entryValues(entry: EntryDoc): Values {
  return {
    ...periodValues(entry.period),
    text: entry.text,
    place: entry.place ?? '',
    participants: entry.participants === null ? '' : String(entry.participants),
    regions: entry.regions === null ? '' : String(entry.regions),
  };
}

export function EntryFields(props: { values: Values; errors: FormErrors }) {
  const { values, errors } = props;
  const kind = values['period.kind'] || 'day';
  const periodMessages = Object.entries(errors.fields)
    .filter(([path]) => (path === 'period' || path.startsWith('period.')) && !PERIOD_FIELDS.includes(path))
    .flatMap(([, texts]) => texts);
  return (
    <>
      <fieldset
        class={periodMessages.length ? 'period has-error' : 'period'}
        id={fieldId('period')}
        aria-describedby={periodMessages.length ? `${fieldId('period')}-error` : undefined}
      >
        <legend>
          Когда{' '}
          <span class="req" aria-hidden="true">
            *
          </span>
        </legend>
        {periodMessages.length > 0 && (
          <p class="error" id={`${fieldId('period')}-error`}>
            <span class="visually-hidden">Ошибка: </span>
            {periodMessages.join(' ')}
          </p>
        )}
        <div class="choices">
          {KINDS.map(([value, label]) => (
            <label>
              <input type="radio" name="period.kind" value={value} checked={kind === value} />
              {label}
            </label>
          ))}
        </div>
        <div class="when when-day">
          <TextField name="period.date" label="Дата" type="date" value={values['period.date']} errors={errors} />
        </div>
        <div class="when when-range">
          <TextField name="period.from" label="С" type="date" value={values['period.from']} errors={errors} />
          <TextField name="period.to" label="По" type="date" value={values['period.to']} errors={errors} />
        </div>
        <div class="when when-month">
          <SelectField
            name="period.month"
            label="Месяц"
            value={values['period.month']}
            errors={errors}
            options={[
              { value: '', label: '— выберите —' },
              ...MONTH_NAMES.map((name, i) => ({ value: String(i + 1), label: name })),
            ]}
          />
        </div>
        <div class="when when-year">
          <TextField
            name="period.year"
            label="Год"
            inputmode="numeric"
            value={values['period.year']}
            errors={errors}
            hint="Для месяца и для сведений без даты"
          />
        </div>
      </fieldset>
      <TextArea
        name="text"
        label="Что сделано"
        hint="Текст для отчёта, как он будет напечатан: с датой и местом, если они важны."
        value={values.text}
        errors={errors}
        required
        maxlength={MAX_TEXT_LENGTH}
        rows={8}
      />
      <TextField
        name="place"
        label="Место проведения"
        value={values.place}
        errors={errors}
        maxlength={MAX_SHORT_TEXT_LENGTH}
      />
      <TextField
        name="participants"
        label="Число участников"
        inputmode="numeric"
        value={values.participants}
        errors={errors}
      />
      <TextField name="regions" label="Число регионов" inputmode="numeric" value={values.regions} errors={errors} />
    </>
  );
}
