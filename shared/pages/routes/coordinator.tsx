// The coordinator's start page: the plan for a chosen year (and party), which measures
// and which executors have reported and which have not.
import { Hono } from 'hono';
import type { ApiDeps } from '../../http/deps';
import type { ViewReader } from '../../projections/view-store';
import { planProgress } from '../../views/progress';
import { getPlanHeader, listPlans } from '../../views/queries';
import type { PageContext, PageEnv } from '../env';
import { formatInstant } from '../format';
import { roleGuard } from '../guard';
import { ID_PATTERN, liveState, textQuery } from '../read';
import { page } from '../render';
import { href, Pager, PlanPicker, Status, YearPicker } from '../ui';
import { chooseYear } from '../years';

const PARTY = /^.{1,500}$/;

/** The plan a page is about: the one asked for, else the first. null when there is none. */
export async function choosePlan(c: PageContext, views: ViewReader) {
  const plans = (await listPlans(views, { limit: 100 })).items;
  const asked = textQuery(c, 'plan', ID_PATTERN);
  return { plans, plan: plans.find((p) => p.planId === asked) ?? plans[0] ?? null };
}

export function coordinatorPages(deps: ApiDeps) {
  const app = new Hono<PageEnv>();
  app.use('/coordinator', roleGuard('coordinator'));
  app.use('/coordinator/*', roleGuard('coordinator'));

  app.get('/coordinator', async (c) => {
    const state = await liveState(c, deps);
    const { plans, plan } = await choosePlan(c, state.views);
    if (!plan) return page(c, 'Ход исполнения', <p>Планов пока нет: загрузите план на странице «Импорт».</p>);
    const header = await getPlanHeader(state.views, plan.planId);
    const choice = await chooseYear(c, deps, state.views, header);
    const party = header.parties.find((p) => p === textQuery(c, 'party', PARTY));
    const onlyMissing = c.req.query('only') === 'missing';
    const progress = await planProgress(state.views, plan.planId, {
      year: choice.year,
      party: party ?? null,
      after: textQuery(c, 'after', /^[0-9.]{1,50}$/),
      limit: 100,
    });
    const shown = onlyMissing ? progress.measures.filter((m) => m.inTerm && !m.reported) : progress.measures;
    const due = progress.measures.filter((m) => m.inTerm);
    const reported = due.filter((m) => m.reported).length;
    // A liquidated executor answers through its successor, who is listed after it.
    const executorsDue = due.flatMap((m) => m.executors.filter((x) => x.status !== 'liquidated'));
    const executorsReported = executorsDue.filter((x) => x.reported).length;
    return page(
      c,
      'Ход исполнения',
      <>
        <p class="lead">{header.title}</p>
        <form method="get" action="/coordinator" class="filters">
          <PlanPicker plans={plans} planId={plan.planId} />
          <YearPicker years={choice.years} year={choice.year} />
          <div class="field">
            <label for="f-party">Сторона</label>
            <select id="f-party" name="party">
              <option value="">Все стороны</option>
              {header.parties.map((p) => (
                <option value={p} selected={p === party}>
                  {p}
                </option>
              ))}
            </select>
          </div>
          <div class="field check">
            <input type="checkbox" id="f-only" name="only" value="missing" checked={onlyMissing} />
            <label for="f-only">Только где нет сведений</label>
          </div>
          <div class="field">
            <button type="submit" class="secondary">
              Показать
            </button>
          </div>
        </form>
        <p>
          За {choice.year} год{progress.nextAfter !== null ? ' (на этой странице)' : ''}: сведения есть по {reported} из{' '}
          {due.length} мероприятий; отчитались {executorsReported} из {executorsDue.length} исполнителей.
        </p>
        <table class="stack progress">
          <caption>Мероприятия и исполнители за {choice.year} год</caption>
          <thead>
            <tr>
              <th scope="col">№</th>
              <th scope="col">Мероприятие</th>
              <th scope="col">Исполнители и их сведения</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((m) => (
              <tr>
                <td data-label="№">{m.number}</td>
                <td data-label="Мероприятие">
                  {m.title}
                  <br />
                  <span class="meta">Срок: {m.term}</span>
                </td>
                <td data-label="Исполнители и их сведения">
                  <ul class="plain">
                    {m.executors.map((x) => (
                      <li>
                        {x.nameInPlan ?? x.currentName ?? x.executorId}
                        {x.named ? '' : ' (правопреемник)'}{' '}
                        {!m.inTerm ? (
                          <Status kind="neutral">вне срока</Status>
                        ) : x.entries > 0 ? (
                          <Status kind="ok">
                            есть: {x.entries}
                            {x.lastReportedAt ? `, последняя ${formatInstant(x.lastReportedAt)}` : ''}
                          </Status>
                        ) : x.status === 'liquidated' ? (
                          <Status kind="neutral">ликвидирован</Status>
                        ) : (
                          <Status kind="missing">нет сведений</Status>
                        )}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length === 0 && <p>Нет мероприятий для показа.</p>}
        {progress.nextAfter !== null && (
          <Pager
            path="/coordinator"
            query={{
              plan: plan.planId,
              year: choice.year,
              party,
              only: onlyMissing ? 'missing' : undefined,
              after: progress.nextAfter,
            }}
          />
        )}
        <p>
          <a href={href('/report', { plan: plan.planId, year: choice.year })}>Отчёт за {choice.year} год</a>
        </p>
      </>,
    );
  });
  return app;
}
