// How the pages write things in Russian: instants in Moscow time (where the plan's
// parties are), dates, periods as the report prints them, roles and event types.
import type { Period } from '../domain/period';
import { formatDateNumeric, formatPeriod, MONTHS_GENITIVE } from '../report/russian-dates';

/** The plan's parties keep Moscow time (UTC+3, no daylight saving since 2014). */
export const PAGE_TIME_ZONE = '+03:00';
const OFFSET_MS = 3 * 60 * 60 * 1000;

/** «14.03.2024 12:05 МСК» for an ISO instant. */
export function formatInstant(iso: string): string {
  const at = new Date(Date.parse(iso) + OFFSET_MS);
  if (Number.isNaN(at.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(at.getUTCDate())}.${p(at.getUTCMonth() + 1)}.${at.getUTCFullYear()} ${p(at.getUTCHours())}:${p(at.getUTCMinutes())} МСК`;
}

export function formatDate(iso: string): string {
  return formatDateNumeric(iso);
}

/** The period in the report's words; an undated entry says which year it was reported for. */
export function periodText(period: Period): string {
  return period.kind === 'none' ? `${period.year} год (без даты)` : formatPeriod(period);
}

export const MONTH_NAMES = [
  'январь',
  'февраль',
  'март',
  'апрель',
  'май',
  'июнь',
  'июль',
  'август',
  'сентябрь',
  'октябрь',
  'ноябрь',
  'декабрь',
];
export { MONTHS_GENITIVE };

export const ROLE_NAMES: Record<string, string> = {
  coordinator: 'координатор',
  agency: 'ведомство-исполнитель',
  auditor: 'аудитор',
  system: 'система',
};

export const EVENT_NAMES: Record<string, string> = {
  ExecutorRegistered: 'Исполнитель внесён в справочник',
  ExecutorRenamed: 'Исполнитель переименован',
  ExecutorLiquidated: 'Исполнитель ликвидирован',
  PlanCreated: 'План создан',
  SectionAdded: 'Раздел добавлен',
  MeasureAdded: 'Мероприятие добавлено',
  MeasureAmended: 'Мероприятие изменено',
  ExecutionReported: 'Сведения об исполнении внесены',
  ExecutionCorrected: 'Сведения исправлены',
  ExecutionWithdrawn: 'Сведения отозваны',
  ApiKeyIssued: 'Ключ доступа выдан',
  ApiKeyRevoked: 'Ключ доступа отозван',
  YearlyReportPublished: 'Ежегодный отчёт опубликован',
};

/** «12 345» for counts. */
export function formatCount(n: number): string {
  return n.toLocaleString('ru-RU').replace(/\u00a0/g, ' ');
}

/** «1,2 КБ» for file sizes. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} Б`;
  const kb = bytes / 1024;
  return kb < 1024 ? `${kb.toFixed(1).replace('.', ',')} КБ` : `${(kb / 1024).toFixed(1).replace('.', ',')} МБ`;
}

/**
 * The end of a day in Moscow time as an ISO instant: «as of 14.03.2023» means everything
 * recorded by the end of that day. null when `date` is not YYYY-MM-DD.
 */
export function endOfDay(date: string | undefined): string | null {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const at = Date.parse(`${date}T23:59:59.999${PAGE_TIME_ZONE}`);
  return Number.isNaN(at) || new Date(at + OFFSET_MS).toISOString().slice(0, 10) !== date
    ? null
    : new Date(at).toISOString();
}
