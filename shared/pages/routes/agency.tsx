// The agency's pages: its worklist for a year (its measures, those inherited from a
// liquidated predecessor included), each with the year's entries; a measure with its
// entries and the form to report one.
import { Hono } from 'hono';
import { MEASURE_NUMBER } from '../../domain/numbering';
import { NotFoundError } from '../../errors';
import type { ApiDeps } from '../../http/deps';
import { reportExecutionCommand } from '../../http/routes/executions';
import type { ViewReader } from '../../projections/view-store';
import type { EntryDoc } from '../../views/documents';
import {
  entriesForYear,
  formerMeasures,
  getExecutor,
  getMeasure,
  getWorklist,
  plansOfYear,
  predecessorsOf,
} from '../../views/queries';
import { EntryItem } from '../entries';
import type { PageContext, PageEnv, PageForm } from '../env';
import { periodText } from '../format';
import { compact, integer, optionalText, period, text, typed } from '../forms';
import { formOf, roleGuard } from '../guard';
import { type FormErrors, formErrorsOf, NO_ERRORS } from '../messages';
import { ID_PATTERN, intQuery, liveState } from '../read';
import { page, seeOther } from '../render';
import { ErrorSummary, FormTokens, href, Notice, Pager, Status } from '../ui';
import { executeFromPage, formKeyOf, idForForm, newFormKey } from '../write';
import { chooseYear, YearForm } from '../years';
import { ENTRY_LABELS, EntryFields, type Values } from './entry-form';

const DONE: Record<string, string> = {
  corrected: 'Исправление сохранено.',
  withdrawn: 'Запись отозвана.',
};

export const measurePath = (planId: string, number: string) =>
  `/agency/plans/${encodeURIComponent(planId)}/measures/${encodeURIComponent(number)}`;

/** The plan and measure a path names, or 404. */
export function measureParams(c: PageContext): { planId: string; number: string } {
  const planId = c.req.param('planId') ?? '';
  const number = c.req.param('number') ?? '';
  if (!ID_PATTERN.test(planId) || !MEASURE_NUMBER.test(number))
    throw new NotFoundError('measure_not_found', 'No such measure.');
  return { planId, number };
}

/** The executors an agency key acts for: its own and every one it succeeded, transitively. */
export async function actsFor(views: ViewReader, executorId: string): Promise<Set<string>> {
  const found = new Set([executorId]);
  for (let wave = [executorId]; wave.length > 0; ) {
    const next = (await Promise.all(wave.map((id) => predecessorsOf(views, id)))).flat().filter((id) => !found.has(id));
    for (const id of next) found.add(id);
    wave = next;
  }
  return found;
}

export function agencyPages(deps: ApiDeps) {
  const app = new Hono<PageEnv>();
  app.use('/agency', roleGuard('agency'));
  app.use('/agency/*', roleGuard('agency'));

  app.get('/agency', async (c) => {
    const executorId = c.get('actor').executorId!;
    const state = await liveState(c, deps);
    const choice = await chooseYear(c, deps, state.views);
    const executor = await getExecutor(state.views, executorId);
    const items = await getWorklist(state.views, executorId, choice.year);
    // Every plan of the year, not only those that name the agency now: taken off all its
    // measures of a plan, it still reaches its entries there.
    const former = await formerMeasures(
      state.views,
      await plansOfYear(state.views, choice.year, c.get('actor').planIds),
      await actsFor(state.views, executorId),
      choice.year,
      new Set(items.map((m) => `${m.planId}#${m.number}`)),
    );
    const entries = await Promise.all(
      items.map((m) => entriesForYear(state.views, m.planId, m.number, choice.year, { want: 20 })),
    );
    const missing = items.filter((m) => m.missingForYear).length;
    return page(
      c,
      'Мои мероприятия',
      <>
        <p class="lead">
          {executor.fullName}. Мероприятия, за которые отвечает ваше ведомство, в том числе перешедшие от
          ликвидированных предшественников.
        </p>
        <YearForm action="/agency" choice={choice} />
        <p>
          {items.length === 0
            ? 'Ваше ведомство не названо ни в одном мероприятии.'
            : `За ${choice.year} год: мероприятий — ${items.length}, без сведений — ${missing}.`}
        </p>
        <ul class="cards">
          {items.map((m, i) => (
            <li class="card">
              <h2>
                <a href={href(measurePath(m.planId, m.number), { year: choice.year })}>
                  {m.number}. {m.title}
                </a>
              </h2>
              <p class="meta">
                Срок: {m.term}
                {m.via.kind === 'successor' && ` · как правопреемник: ${m.via.of}`}
              </p>
              <p>
                {m.missingForYear ? (
                  <Status kind="missing">Нет сведений за {choice.year} год</Status>
                ) : m.entriesByYear[String(choice.year)] ? (
                  <Status kind="ok">
                    Записей за {choice.year} год: {m.entriesByYear[String(choice.year)]}
                  </Status>
                ) : (
                  <Status kind="neutral">{choice.year} год вне срока</Status>
                )}
              </p>
              {(entries[i]?.items.length ?? 0) > 0 && (
                <ul class="cards">
                  {entries[i]!.items.map((entry) => (
                    <EntryItem entry={entry} />
                  ))}
                </ul>
              )}
              {entries[i]?.next !== null && (
                <p>
                  <a href={href(measurePath(m.planId, m.number), { year: choice.year })}>Все записи за год</a>
                </p>
              )}
              <p class="actions">
                <a class="button" href={`${href(measurePath(m.planId, m.number), { year: choice.year })}#report`}>
                  Сообщить об исполнении: {m.number}
                </a>
              </p>
            </li>
          ))}
        </ul>
        {former.length > 0 && (
          <section aria-labelledby="former">
            <h2 id="former">Мероприятия, с которых ваше ведомство снято</h2>
            <p>
              Координатор больше не называет ваше ведомство исполнителем этих мероприятий, но за {choice.year} год в них
              остались ваши записи: их можно исправить или отозвать.
            </p>
            <ul class="cards">
              {former.map((m) => (
                <li class="card">
                  <h3>
                    <a href={href(measurePath(m.planId, m.number), { year: choice.year })}>
                      {m.number}. {m.title}
                    </a>
                  </h3>
                  <p>
                    <Status kind="neutral">
                      Ваших записей за {choice.year} год: {m.entries}
                    </Status>
                  </p>
                </li>
              ))}
            </ul>
          </section>
        )}
      </>,
    );
  });

  const showMeasure = async (
    c: PageContext,
    form: { values: Values; errors: FormErrors; formKey: string },
    minPosition?: number,
  ) => {
    const { planId, number } = measureParams(c);
    const executorId = c.get('actor').executorId!;
    const state = await liveState(c, deps, minPosition);
    const entriesOf = (year: number) =>
      entriesForYear(state.views, planId, number, year, { after: intQuery(c, 'after'), want: 50 });
    // The reads a page needs, at once; the year's entries too when the link names the year.
    const asked = intQuery(c, 'year', 1990, 2100);
    const [measure, mine, early] = await Promise.all([
      getMeasure(state.views, planId, number),
      actsFor(state.views, executorId),
      asked === undefined ? null : entriesOf(asked),
    ]);
    const choice = await chooseYear(c, deps, state.views, measure);
    const listed = early ?? (await entriesOf(choice.year));
    const responsible = measure.executors.some((x) => mine.has(x.executorId));
    const saved = c.req.query('saved');
    const values = { 'period.kind': 'day', 'period.year': String(choice.year), ...form.values };
    const path = measurePath(planId, number);
    return page(
      c,
      `Мероприятие ${number}`,
      <>
        <p class="lead">{measure.title}</p>
        <dl class="facts">
          <dt>Срок</dt>
          <dd>{measure.term}</dd>
          <dt>Исполнители</dt>
          <dd>{measure.executors.map((x) => x.nameInPlan).join('; ')}</dd>
          <dt>Записей за {choice.year} год</dt>
          <dd>{measure.entriesByYear[String(choice.year)] ?? 0}</dd>
        </dl>
        {saved && minPosition !== undefined && (
          <Notice kind="success">
            {DONE[c.req.query('done') ?? ''] ?? 'Сведения сохранены.'} Позиция в журнале: <strong>{minPosition}</strong>
            .{state.behind && ' Список ещё обновляется — обновите страницу через несколько секунд.'}
          </Notice>
        )}
        <YearForm action={path} choice={choice} />
        <h2>Сведения за {choice.year} год</h2>
        {listed.items.length === 0 ? (
          <p>Записей за этот год нет.</p>
        ) : (
          <ul class="cards">
            {listed.items.map((entry) => (
              <EntryItem
                entry={entry}
                highlight={entry.reportId === saved}
                actions={entryActions(entry, mine, planId, number, choice.year)}
              />
            ))}
          </ul>
        )}
        {listed.next !== null && <Pager path={path} query={{ year: choice.year, after: listed.next }} />}
        {responsible ? (
          <section aria-labelledby="report">
            <h2 id="report">Сообщить об исполнении</h2>
            <ErrorSummary errors={form.errors} labels={ENTRY_LABELS} />
            <form method="post" action={href(path, { year: choice.year })} class="stacked" novalidate>
              <FormTokens csrf={c.get('csrf')} formKey={form.formKey} />
              <EntryFields values={values} errors={form.errors} />
              <p class="actions">
                <button type="submit">Сохранить сведения</button>
              </p>
            </form>
          </section>
        ) : (
          <p>Ваше ведомство не отвечает за это мероприятие: сообщать о его исполнении может только исполнитель.</p>
        )}
      </>,
      form.errors.status === 200 ? 200 : form.errors.status,
    );
  };

  app.get('/agency/plans/:planId/measures/:number', (c) => {
    const position = c.req.query('saved') ? intQuery(c, 'position') : undefined;
    return showMeasure(c, { values: {}, errors: NO_ERRORS, formKey: newFormKey(deps) }, position);
  });

  app.post('/agency/plans/:planId/measures/:number', async (c) => {
    const { planId, number } = measureParams(c);
    const form = await formOf(c);
    const body = entryBody(form);
    try {
      const command = reportExecutionCommand(
        { actor: c.get('actor'), at: deps.clock().toISOString() },
        { planId, number },
        body,
        () => idForForm(c, deps, form, `report:${planId}:${number}`),
      );
      const result = await executeFromPage(c, deps, command, {
        apiPath: `/v1/plans/${planId}/measures/${number}/executions`,
        body,
        form,
      });
      const year = c.req.query('year');
      return seeOther(
        c,
        `${href(measurePath(planId, number), { year, saved: command.reportId, position: result.lastPosition })}#entry-${command.reportId}`,
      );
    } catch (error) {
      const errors = formErrorsOf(error);
      const formKey = errors.code === 'idempotency_key_reused' ? undefined : formKeyOf(form);
      return showMeasure(c, { values: typed(form), errors, formKey: formKey ?? newFormKey(deps) });
    }
  });

  return app;
}

/** The API body of an entry form. */
export function entryBody(form: PageForm) {
  return compact({
    period: period(form),
    text: text(form, 'text'),
    place: optionalText(form, 'place'),
    participants: integer(form, 'participants'),
    regions: integer(form, 'regions'),
  });
}

function entryActions(entry: EntryDoc, mine: Set<string>, planId: string, number: string, year: number) {
  if (entry.withdrawn || !mine.has(entry.executorId)) return undefined;
  return (
    <p>
      <a href={href(`${measurePath(planId, number)}/entries/${encodeURIComponent(entry.reportId)}`, { year })}>
        Исправить или отозвать запись
        <span class="visually-hidden">
          {' '}
          ({periodText(entry.period)}, позиция {entry.position})
        </span>
      </a>
    </p>
  );
}
