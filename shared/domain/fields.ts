// Field schemas shared by commands, events and the import document.
import { z } from 'zod';
import { isIsoDate } from './calendar';
import { MAX_ID_LENGTH, MAX_YEAR, MIN_YEAR } from './limits';
import { MEASURE_NUMBER, SECTION_NUMBER } from './numbering';

export const IdSchema = z
  .string()
  .max(MAX_ID_LENGTH)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]*$/,
    'must start with a letter or digit and hold only letters, digits and . _ : -',
  );

/** Free text: trimmed, then non-empty and at most `max` characters. */
export function textSchema(max: number) {
  return z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
}

export const IsoDateSchema = z.string().refine(isIsoDate, 'must be a real calendar date YYYY-MM-DD');
export const YearSchema = z.number().int().min(MIN_YEAR).max(MAX_YEAR);
export const CountSchema = z.number().int().nonnegative();
export const SectionNumberSchema = z.string().regex(SECTION_NUMBER, 'must be a section number like "2"');
export const MeasureNumberSchema = z.string().regex(MEASURE_NUMBER, 'must be a measure number like "2.1"');
export const Sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256');

/** Adds a `toYear` issue when the years run backwards. */
export function checkYearOrder(
  value: { fromYear?: number | undefined; toYear?: number | undefined },
  ctx: z.RefinementCtx,
): void {
  if (value.fromYear !== undefined && value.toYear !== undefined && value.fromYear > value.toYear) {
    ctx.addIssue({ code: 'custom', path: ['toYear'], message: 'must not be before fromYear' });
  }
}
