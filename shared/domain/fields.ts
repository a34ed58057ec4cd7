// Field schemas shared by commands, events and the import document.
import { z } from 'zod';
import { DATE_PATTERN, isIsoDate } from './calendar';
import { MAX_COUNT, MAX_ID_LENGTH, MAX_YEAR, MIN_YEAR } from './limits';
import { MEASURE_NUMBER, SECTION_NUMBER } from './numbering';
import { normaliseText, textProblem } from './text';

export const IdSchema = z
  .string()
  .max(MAX_ID_LENGTH)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]*$/,
    'must start with a letter or digit and hold only letters, digits and . _ : -',
  );

/**
 * Free text: line breaks as `\n`, NFC, trimmed; then non-empty, visible, free of control and
 * bidi-override characters, and at most `max` characters both as sent and as stored.
 */
export function textSchema(max: number) {
  return z
    .string()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .transform(normaliseText)
    .pipe(
      z.string().superRefine((value, ctx) => {
        const problem = textProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
        // NFC may lengthen a text (U+FB2C is three characters in it): the limit is on what is stored.
        else if (value.length > max) ctx.addIssue({ code: 'custom', message: `must be at most ${max} characters` });
      }),
    );
}

/** A calendar date `YYYY-MM-DD` that exists (2023-02-29 does not). */
export const IsoDateSchema = z
  .string()
  .regex(DATE_PATTERN, 'must be a date YYYY-MM-DD')
  .refine(isIsoDate, 'must be a real calendar date YYYY-MM-DD');
export const YearSchema = z.number().int().min(MIN_YEAR).max(MAX_YEAR);
/** Participants, regions: whole numbers up to a billion. */
export const CountSchema = z.number().int().nonnegative().max(MAX_COUNT);
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
