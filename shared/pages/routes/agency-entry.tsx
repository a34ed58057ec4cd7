// One entry of the agency's: correct it (any field, with a reason) or withdraw it (with
// a reason). Only the executor that reported it, or its successor, may; the command
// path decides, the page only shows the forms where they can succeed.
import { Hono } from 'hono';
import { MAX_REASON_LENGTH } from '../../domain/limits';
import { NotFoundError } from '../../errors';
import type { ApiDeps } from '../../http/deps';
import { correctExecutionCommand, withdrawExecutionCommand } from '../../http/routes/executions';
import { getEntry, getMeasure } from '../../views/queries';
import { EntryItem } from '../entries';
import type { PageContext, PageEnv } from '../env';
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
        body = {
          period: period(form),
          text: text(form, 'text'),
          place: optionalText(form, 'place') ?? null,
          participants: integer(form, 'participants') ?? null,
          regions: integer(form, 'regions') ?? null,
          reason: text(form, 'reason'),
        };
        command = correctExecutionCommand(envelope, target, body);
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
      return show(c, { which, values: typed(form), errors, formKey: formKey ?? newFormKey(deps) });
    }
  };
  app.post(`${base}/correction`, write('correction'));
  app.post(`${base}/withdrawal`, write('withdrawal'));
  return app;
}
