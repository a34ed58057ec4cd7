// Calendar arithmetic on ISO `YYYY-MM-DD` strings, without Date (no clock, no time zone).
// ISO dates of four-digit years compare correctly as strings.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** The shape of a date on the wire (whether it exists is isIsoDate's question). */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for a real calendar date written `YYYY-MM-DD` (so not 2023-02-29, not 2023-13-01). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

export function isoDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function firstDayOfYear(year: number): string {
  return isoDate(year, 1, 1);
}

export function lastDayOfYear(year: number): string {
  return isoDate(year, 12, 31);
}

export function lastDayOfMonth(year: number, month: number): string {
  return isoDate(year, month, daysInMonth(year, month));
}
