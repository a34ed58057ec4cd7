// Form fields to the JSON bodies the API takes. Fields are named by the API's paths
// (`period.date`, `participants`), so its field errors land next to the right input.
// Nothing is validated here: a value that is not what the API expects is passed on as
// it is, and the command's schema refuses it with the API's own path and message.
import type { PageForm } from './env';

/** The first value of a field as text ('' when absent or a file). */
export function text(form: PageForm, name: string): string {
  const value = form[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/** An optional text: absent when left empty. */
export function optionalText(form: PageForm, name: string): string | undefined {
  const value = text(form, name);
  return value.trim() === '' ? undefined : value;
}

/** A whole number as the API takes it; what does not read as one is passed on for the schema to refuse. */
export function integer(form: PageForm, name: string): number | string | undefined {
  const value = text(form, name).trim();
  if (value === '') return undefined;
  return /^-?\d{1,15}$/.test(value) ? Number(value) : value;
}

export type PeriodKind = 'day' | 'range' | 'month' | 'none';
export const PERIOD_KINDS: readonly PeriodKind[] = ['day', 'range', 'month', 'none'];

/** The period the form describes, shaped as the API's `period`. */
export function period(form: PageForm): Record<string, unknown> {
  const kind = text(form, 'period.kind');
  switch (kind) {
    case 'day':
      return { kind, date: text(form, 'period.date') };
    case 'range':
      return { kind, from: text(form, 'period.from'), to: text(form, 'period.to') };
    case 'month':
      return { kind, year: integer(form, 'period.year'), month: integer(form, 'period.month') };
    case 'none':
      return { kind, year: integer(form, 'period.year') };
    default:
      return { kind };
  }
}

/** The values to show again in a form: what was typed, field by field. */
export function typed(form: PageForm): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(form)) {
    if (!name.startsWith('_')) out[name] = text(form, name);
  }
  return out;
}

/** Drops undefined members, so that optional fields left empty are absent from the body. */
export function compact<T extends Record<string, unknown>>(body: T): Partial<T> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as Partial<T>;
}
