// One entry of the agency's: correct it (any field, with a reason) or withdraw it (with
// a reason). Only the executor that reported it, or its successor, may; the command
// path decides, the page only shows the forms where they can succeed.
import { Hono } from 'hono';
import { z } from 'zod';
import { MAX_REASON_LENGTH } from '../../domain/limits';
import type { CorrectExecution } from '../../domain/measure/commands';
import { textDigest } from '../../domain/measure/state';
import { PeriodSchema } from '../../domain/period';
import { NotFoundError } from '../../errors';
import type { ApiDeps } from '../../http/deps';
import { correctExecutionCommand, withdrawExecutionCommand } from '../../http/routes/executions';
import { canonicalJson } from '../../store/canonical';
import type { EntryDoc } from '../../views/documents';
import { getEntry, getMeasure } from '../../views/queries';
import { EntryItem } from '../entries';
import type { PageContext, PageEnv, PageForm } from '../env';
import { periodText } from '../format';
import { integer, optionalText, period, text, typed } from '../forms';
import { formOf } from '../guard';
import { type FormErrors, formErrorsOf, NO_ERRORS } from '../messages';
import { ID_PATTERN, liveState } from '../read';
import { page, seeOther } from '../render';
import { ErrorSummary, FormTokens, href, TextField } from '../ui';
import { executeFromPage, formKeyOf, newFormKey } from '../write';
import { actsFor, measureParams, measurePath } from './agency';
import { ENTRY_LABELS, EntryFields, entryValues, type Values } from './entry-form';

type Which = 'correction' | 'withdrawal';
interface Shown {
  which?: Which;
  values: Values;
  errors: FormErrors;
  formKey: string;
  /** The entry as the correction form was first drawn (`_was`), kept while the clerk fixes the form. */
  was?: string;
}

/**
 * What the correction form was drawn with, sent back with it: a correction carries only the
 * fields the clerk changed, so a second tab (or a page drawn before another clerk's correction)
 * never puts back what someone else corrected meanwhile. The text as its digest.
 */
const DrawnSchema = z.object({
  period: PeriodSchema,
  text: z.string(),
  place: z.string().nullable(),
  participants: z.number().nullable(),
  regions: z.number().nullable(),
});
type Drawn = z.infer<typeof DrawnSchema>;
const CORRECTED = ['period', 'text', 'place', 'participants', 'regions'] as const;
type Corrected = (typeof CORRECTED)[number];

function drawnOf(entry: EntryDoc): Drawn {
  return {
    period: entry.period,
    text: textDigest(entry.text),
    place: entry.place,
    participants: entry.participants,
    regions: entry.regions,
  };
}

function drawnFromForm(form: PageForm): Drawn | null {
  const raw = form._was;
  if (typeof raw !== 'string' || raw.length > 4096) return null;
  try {
    const parsed = DrawnSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The fields where `a` and `b` differ. */
function differing(a: Drawn, b: Drawn): Corrected[] {
  return CORRECTED.filter((field) =>
    field === 'period' ? canonicalJson(a.period) !== canonicalJson(b.period) : a[field] !== b[field],
  );
}

/** The correction as the command reads it, in the drawn form's terms (text as its digest). */
function asDrawn(command: CorrectExecution): Drawn {
  return {
    period: command.period!,
    text: textDigest(command.text!),
    place: command.place ?? null,
    participants: command.participants ?? null,
    regions: command.regions ?? null,
  };
}

function shownValue(entry: EntryDoc, field: Corrected): string {
  switch (field) {
    case 'period':
      return periodText(entry.period);
    case 'text':
      return entry.text.length > 300 ? `${entry.text.slice(0, 300)}…` : entry.text;
    case 'place':
      return entry.place ?? 'не указано';
    default:
      return entry[field] === null ? 'не указано' : String(entry[field]);
  }
}

/** A field this clerk changed was also changed by someone else since the form was drawn. */
function changedMeanwhile(entry: EntryDoc, fields: Corrected[]): FormErrors {
  const errors: Record<string, string[]> = {};
  for (const field of fields) {
    errors[field === 'period' ? 'period' : field] = [
      `Пока форма была открыта, это поле исправили: сейчас — «${shownValue(entry, field)}». Проверьте и сохраните снова.`,
    ];
  }
  return {
    status: 409,
    code: 'entry_changed_meanwhile',
    fields: errors,
    form: [
      `Пока форма была открыта, запись исправили (${fields.map((f) => ENTRY_LABELS[f]!.toLowerCase()).join(', ')}). Ваше исправление не сохранено: проверьте отмеченные поля и сохраните снова.`,
    ],
  };
}

/**
 * The correction form shown again after a conflict: what the clerk changed, as typed, and every
 * other field as the entry is now. Sent again against the entry as it is now (`_was`), a field
 * left as it was drawn before would otherwise count as the clerk's change and put back what
 * someone else corrected meanwhile.
 */
function valuesAfterConflict(form: PageForm, now: EntryDoc, changed: Corrected[]): Record<string, string> {
  const typedValues = typed(form);
  const values: Record<string, string> = { ...entryValues(now), reason: typedValues.reason ?? '' };
  if (changed.includes('period')) {
    for (const key of Object.keys(values)) if (key.startsWith('period.')) delete values[key];
    for (const [key, value] of Object.entries(typedValues)) if (key.startsWith('period.')) values[key] = value;
  }
  for (const field of changed) if (field !== 'period') values[field] = typedValues[field] ?? '';
  return values;
}

function entryParams(c: PageContext) {
  const reportId = c.req.param('reportId') ?? '';
  if (!ID_PATTERN.test(reportId)) throw new NotFoundError('report_not_found', 'No such entry.');
  return { ...measureParams(c), reportId };
}

export function agencyEntryPages(deps: ApiDeps) {
  const app = new Hono<PageEnv>();
  const base = '/agency/plans/:planId/measures/:number/entries/:reportId';

  const show = async (c: PageContext, shown: Shown) => {
    const { planId, number, reportId } = entryParams(c);
    const state = await liveState(c, deps);
    const entry = await getEntry(state.views, planId, number, reportId);
    if (!entry) throw new NotFoundError('report_not_found', `Measure ${number} has no entry ${reportId}.`);
    const measure = await getMeasure(state.views, planId, number);
    const mine = (await actsFor(state.views, c.get('actor').executorId!)).has(entry.executorId);
    const path = href(`${measurePath(planId, number)}/entries/${encodeURIComponent(reportId)}`);
    const year = c.req.query('year');
    const errorsOf = (which: Which) => (shown.which === which ? shown.errors : NO_ERRORS);
    const correction = shown.which === 'correction' ? shown.values : entryValues(entry);
    // Each form its own key: one's submission never answers for the other.
    const keyOf = (which: Which) =>
      shown.which === undefined || shown.which === which ? shown.formKey : newFormKey(deps);
    return page(
      c,
      `Запись по мероприятию ${number}`,
      <>
        <p class="lead">{measure.title}</p>
        <ul class="cards">
          <EntryItem entry={entry} />
        </ul>
        <p>
          <a href={href(measurePath(planId, number), { year })}>Ко всем записям мероприятия</a>
        </p>
        {entry.withdrawn ? (
          <p>Запись отозвана: её нельзя исправить.</p>
        ) : !mine ? (
          <p>Эту запись внесло другое ведомство: исправить или отозвать её может оно или координатор.</p>
        ) : (
          <>
            <section aria-labelledby="correct">
              <h2 id="correct">Исправить</h2>
              <ErrorSummary errors={errorsOf('correction')} labels={ENTRY_LABELS} />
              <form method="post" action={href(`${path}/correction`, { year })} class="stacked" novalidate>
                <FormTokens csrf={c.get('csrf')} formKey={keyOf('correction')} />
                <input
                  type="hidden"
                  name="_was"
                  value={(shown.which === 'correction' && shown.was) || JSON.stringify(drawnOf(entry))}
                />
                <EntryFields values={correction} errors={errorsOf('correction')} />
                <TextField
                  name="reason"
                  label="Причина исправления"
                  value={shown.which === 'correction' ? shown.values.reason : ''}
                  errors={errorsOf('correction')}
                  required
                  maxlength={MAX_REASON_LENGTH}
                />
                <p class="actions">
                  <button type="submit">Сохранить исправление</button>
                </p>
              </form>
            </section>
            <section aria-labelledby="withdraw">
              <h2 id="withdraw">Отозвать</h2>
              <p>Отозванная запись остаётся в журнале, но в отчёт не попадает.</p>
              <ErrorSummary
                errors={errorsOf('withdrawal')}
                labels={{ reason: 'Причина отзыва' }}
                ids={{ reason: 'f-withdrawal-reason' }}
              />
              <form method="post" action={href(`${path}/withdrawal`, { year })} class="stacked" novalidate>
                <FormTokens
                  csrf={c.get('csrf')}
                  formKey={shown.which === undefined ? newFormKey(deps) : keyOf('withdrawal')}
                />
                <TextField
                  name="reason"
                  id="f-withdrawal-reason"
                  label="Причина отзыва"
                  value={shown.which === 'withdrawal' ? shown.values.reason : ''}
                  errors={errorsOf('withdrawal')}
                  required
                  maxlength={MAX_REASON_LENGTH}
                />
                <p class="actions">
                  <button type="submit" class="danger">
                    Отозвать запись
                  </button>
                </p>
              </form>
            </section>
          </>
        )}
      </>,
      shown.errors.status === 200 ? 200 : shown.errors.status,
    );
  };

  app.get(base, (c) => show(c, { values: {}, errors: NO_ERRORS, formKey: newFormKey(deps) }));

  const write = (which: Which) => async (c: PageContext) => {
    const target = entryParams(c);
    const form = await formOf(c);
    const envelope = { actor: c.get('actor'), at: deps.clock().toISOString() };
    const apiBase = `/v1/plans/${target.planId}/measures/${target.number}/executions/${target.reportId}`;
    try {
      let body: Record<string, unknown>;
      let command: Parameters<typeof executeFromPage>[2];
      if (which === 'correction') {
        // The form shows the entry as it stands: a field emptied clears it.
        const full: Record<string, unknown> = {
          period: period(form),
          text: text(form, 'text'),
          place: optionalText(form, 'place') ?? null,
          participants: integer(form, 'participants') ?? null,
          regions: integer(form, 'regions') ?? null,
          reason: text(form, 'reason'),
        };
        body = full;
        command = correctExecutionCommand(envelope, target, full);
        const drawn = drawnFromForm(form);
        if (drawn) {
          // Only what the clerk changed on the form goes: the rest may have been corrected
          // by someone else since it was drawn.
          const submitted = asDrawn(command);
          const changed = differing(drawn, submitted);
          const { views } = await liveState(c, deps);
          const now = await getEntry(views, target.planId, target.number, target.reportId);
          // Changed by someone else too, to something other than this clerk's value (the same
          // form sent twice finds its own first sending there, and is answered as it was).
          const meanwhile = now
            ? differing(drawn, drawnOf(now)).filter(
                (f) => changed.includes(f) && differing(submitted, drawnOf(now)).includes(f),
              )
            : [];
          if (now && meanwhile.length > 0) {
            return show(c, {
              which,
              values: valuesAfterConflict(form, now, changed),
              errors: changedMeanwhile(now, meanwhile),
              formKey: formKeyOf(form) ?? newFormKey(deps),
              was: JSON.stringify(drawnOf(now)),
            });
          }
          body = Object.fromEntries(
            Object.entries(full).filter(([field]) => field === 'reason' || changed.includes(field as Corrected)),
          );
          command = correctExecutionCommand(envelope, target, body);
        }
      } else {
        body = { reason: text(form, 'reason') };
        command = withdrawExecutionCommand(envelope, target, body);
      }
      const result = await executeFromPage(c, deps, command, {
        apiPath: `${apiBase}/${which === 'correction' ? 'corrections' : 'withdrawal'}`,
        body,
        form,
      });
      const done = which === 'correction' ? 'corrected' : 'withdrawn';
      const query = {
        year: c.req.query('year'),
        saved: target.reportId,
        done,
        position: result.lastPosition,
      };
      return seeOther(c, `${href(measurePath(target.planId, target.number), query)}#entry-${target.reportId}`);
    } catch (error) {
      const errors = formErrorsOf(error);
      const formKey = errors.code === 'idempotency_key_reused' ? undefined : formKeyOf(form);
      const was = typeof form._was === 'string' ? form._was : undefined;
      return show(c, {
        which,
        values: typed(form),
        errors,
        formKey: formKey ?? newFormKey(deps),
        ...(was !== undefined && drawnFromForm(form) ? { was } : {}),
      });
    }
  };
  app.post(`${base}/correction`, write('correction'));
  app.post(`${base}/withdrawal`, write('withdrawal'));
  return app;
}
