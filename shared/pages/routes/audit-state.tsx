// The auditor's checks: the verification of the chain (and of what the command side
// trusts beside it), the plan as of the end of a chosen day (the log replayed with the
// projection that builds the live views), and what changed in a year's report between
// two dates.
import { Hono } from 'hono';
import { type ReportChange, reportChanges, type StoreVerdict, verifyStore } from '../../audit';
import { NotFoundError } from '../../errors';
import type { ApiDeps } from '../../http/deps';
import { readState } from '../../http/read-context';
import { liveVerifyOptions } from '../../http/verify-options';
import type { ViewReader } from '../../projections/view-store';
import { planView } from '../../views/plan-view';
import { getPlanHeader } from '../../views/queries';
import type { PageEnv } from '../env';
import { endOfDay, formatDate, formatInstant, periodText, ROLE_NAMES } from '../format';
import { DATE_PATTERN, ID_PATTERN, intQuery, liveState, textQuery } from '../read';
import { page } from '../render';
import { href, Notice, Pager, PlanPicker, YearPicker } from '../ui';
import { chooseYear } from '../years';
import { choosePlan } from './coordinator';

const HASH_PATTERN = /^[0-9a-f]{64}$/;

const PROBLEMS: Record<string, string> = {
  hash_mismatch: 'хеш события не совпадает с пересчитанным',
  broken_link: 'событие не ссылается на хеш предыдущего',
  gap: 'в журнале пропущена позиция',
  head_mismatch: 'голова журнала не совпадает с последним событием',
  unreadable: 'событие не читается',
  integrity: 'индексы, вершины потоков или ключи команд расходятся с журналом',
  tree: 'дерево Меркла (по нему подписываются контрольные точки) расходится с журналом',
  snapshot: 'снимок представлений (с него строятся отчёты на дату) не совпадает с журналом',
  views: 'текущие представления (их показывают отчёты и страницы) не совпадают с журналом',
  views_moving:
    'представления обновлялись во время каждой попытки их прочитать, и сравнить их не удалось; повторите проверку',
  unfinished: 'проверка не уложилась во время, отведённое запросу',
  views_unchecked:
    'представления не успели сравнить за время запроса; полная проверка без ограничения времени: npm run audit -- verify',
};

/** Problems of the log itself; the others are of what is kept beside it while the chain holds. */
const CHAIN_PROBLEMS = new Set(['hash_mismatch', 'broken_link', 'gap', 'head_mismatch', 'unreadable']);

function Checked(props: { verdict: StoreVerdict }) {
  const v = props.verdict;
  return (
    <>
      {v.integrity?.ok && (
        <p>
          Индекс потоков, их вершины, голова и ключи команд согласуются с журналом (потоков:{' '}
          {v.integrity.checked.streams}, команд: {v.integrity.checked.guards}).
        </p>
      )}
      {v.tree?.ok && (
        <p>
          Дерево Меркла совпадает с журналом (размер {v.tree.size}, подписанных контрольных точек в журнале проверено:{' '}
          {v.tree.checkpointsChecked}).
        </p>
      )}
      {v.snapshots?.ok && <p>Снимки представлений совпадают с журналом (снимков: {v.snapshots.snapshotsChecked}).</p>}
      {v.views?.ok && (
        <p>
          Текущие представления совпадают с журналом на позиции {v.views.position} (документов сравнено:{' '}
          {v.views.documents}).
        </p>
      )}
    </>
  );
}

/** The checks beside the chain a whole verification makes, as the page names them. */
const SIDE_NAMES: Array<[StoreVerdict['checks'][number], string]> = [
  ['integrity', 'индекс потоков и ключи команд'],
  ['tree', 'дерево Меркла'],
  ['snapshots', 'снимки'],
  ['views', 'представления'],
];

/** How the first link of a range starting past 1 was checked, and what it does not vouch for. */
function LinkBefore(props: { from: number; after?: string | undefined }) {
  if (props.from <= 1) return null;
  return props.after ? (
    <p>Связь с позицией {props.from - 1} сверена с хешем, на котором закончилась предыдущая проверка.</p>
  ) : (
    <p>
      Связь с позицией {props.from - 1} проверена по хешу, записанному в журнале; позиции 1–{props.from - 1} эта
      проверка не проверяла.
    </p>
  );
}

/** A range that is not the whole log: its chain holds, and nothing beside it was checked. */
function RangeHolds(props: { verdict: Extract<StoreVerdict, { ok: true }>; after?: string | undefined }) {
  const v = props.verdict;
  return (
    <Notice kind="info">
      <p>
        <strong>
          Позиции {v.from}–{v.to} целы.
        </strong>{' '}
        Проверены позиции {v.from}–{v.to} ({v.count} событий): каждый хеш пересчитан, цепочка не прерывается.
      </p>
      <LinkBefore from={v.from} after={props.after} />
      <p>
        Хеш на позиции {v.to}: <span class="mono">{v.headHash}</span>
      </p>
      <p>
        Индекс потоков, ключи команд, дерево Меркла, снимки и текущие представления не проверялись: их проверяет только
        проверка всего журнала (<a href={href('/audit/verify', { run: 1 })}>проверить весь журнал</a>; без ограничения
        времени: <code>npm run audit -- verify</code>).
      </p>
    </Notice>
  );
}

function Verdict(props: {
  verdict: StoreVerdict;
  head: number;
  from?: number | undefined;
  to?: number | undefined;
  after?: string | undefined;
}) {
  const v = props.verdict;
  if (!v.ok && v.problem === 'nothing_checked') {
    return (
      <Notice kind="warning">
        <p>
          <strong>Ничего не проверено</strong>: в позициях {v.from}–{v.to} нет событий (журнал заканчивается позицией{' '}
          {props.head}).
        </p>
      </Notice>
    );
  }
  if (!v.ok && v.problem === 'unfinished') {
    const rest = v.position <= (props.to ?? props.head);
    const done = SIDE_NAMES.filter(([check]) => v.checks.includes(check)).map(([, name]) => name);
    return (
      <Notice kind="warning">
        <p>
          <strong>Проверка не завершена</strong> за время, отведённое запросу. Проверены позиции {v.from}–{v.to} (
          {v.count} событий): каждый хеш пересчитан, цепочка в них цела. Хеш на позиции {v.to}:{' '}
          <span class="mono">{v.headHash}</span>
        </p>
        <LinkBefore from={v.from} after={props.after} />
        {rest ? (
          <p>
            <a href={href('/audit/verify', { run: 1, from: v.position, to: props.to, after: v.headHash })}>
              Продолжить с позиции {v.position}
            </a>{' '}
            (связь с позицией {v.to} сверяется с хешем выше).
          </p>
        ) : done.length === 0 ? (
          <p>
            Весь журнал проверен, но проверки рядом с ним (индекс потоков, ключи команд, дерево Меркла, снимки,
            представления) не успели.
          </p>
        ) : (
          <p>
            Весь журнал проверен, и {done.join(', ')} тоже, но{' '}
            {SIDE_NAMES.filter(([check]) => !v.checks.includes(check))
              .map(([, name]) => name)
              .join(', ')}{' '}
            не успели.
          </p>
        )}
        <p>
          Полная проверка без ограничения времени: <code>npm run audit -- verify</code>.
        </p>
        <Checked verdict={v} />
      </Notice>
    );
  }
  if (v.ok && !v.checks.includes('integrity')) return <RangeHolds verdict={v} after={props.after} />;
  if (v.ok) {
    return (
      <Notice kind="success">
        <p>
          <strong>Журнал цел.</strong>{' '}
          {v.count === 0
            ? 'Событий нет.'
            : `Проверены позиции ${v.from}–${v.to} (${v.count} событий): каждый хеш пересчитан, цепочка не прерывается.`}
        </p>
        <p>
          Хеш на позиции {v.to}: <span class="mono">{v.headHash}</span>
        </p>
        <Checked verdict={v} />
      </Notice>
    );
  }
  const unsettled = v.problem === 'views_moving' || v.problem === 'views_unchecked';
  return (
    <Notice kind="warning">
      {CHAIN_PROBLEMS.has(v.problem) ? (
        <p>
          <strong>Журнал не прошёл проверку</strong>: {PROBLEMS[v.problem] ?? v.problem} (позиция {v.position}).
          Проверено событий до неё: {v.count}.
        </p>
      ) : (
        <p>
          <strong>{unsettled ? 'Проверка не завершена' : 'Проверка не пройдена'}</strong>: цепочка хешей цела (событий:{' '}
          {v.count}), но {PROBLEMS[v.problem] ?? v.problem}
          {unsettled ? '' : ` (позиция ${v.position})`}.
        </p>
      )}
      {props.after && props.from !== undefined && v.position === props.from - 1 && (
        <p>
          Событие на позиции {v.position} уже не то, на котором закончилась предыдущая проверка: журнал изменили между
          проверками.
        </p>
      )}
      <p class="mono">{v.detail}</p>
      <Checked verdict={v} />
      {v.integrity && !v.integrity.ok && (
        <ul>
          {v.integrity.problems.map((p) => (
            <li class="mono">
              {p.kind} {p.position ?? ''} {p.streamId ?? ''}: {p.detail}
            </li>
          ))}
        </ul>
      )}
      {v.views && !v.views.ok && v.views.problems.length > 0 && (
        <>
          <p>
            Расходящихся документов: {v.views.problemCount}
            {v.views.problemCount > v.views.problems.length ? ` (показаны первые ${v.views.problems.length})` : ''}.
          </p>
          <ul>
            {v.views.problems.map((p) => (
              <li class="mono">
                {p.kind} {p.pk} / {p.sk}: {p.detail}
              </li>
            ))}
          </ul>
        </>
      )}
    </Notice>
  );
}

const KIND_NAMES: Record<ReportChange['kind'], string> = {
  added: 'добавлена запись',
  corrected: 'исправлена запись',
  withdrawn: 'отозвана запись',
  'measure-added': 'добавлено мероприятие',
  'measure-amended': 'изменено мероприятие',
  'executor-renamed': 'переименован исполнитель',
  'executor-liquidated': 'ликвидирован исполнитель',
};

function changeText(change: ReportChange): string {
  switch (change.kind) {
    case 'added':
      return `${change.number}: ${periodText(change.entry.period)} ${change.entry.text}`;
    case 'corrected':
      return `${change.number}: ${change.changes.map((f) => f.field).join(', ')} — «${change.reason}»`;
    case 'withdrawn':
      return `${change.number}: ${change.entry.text} — «${change.reason}»`;
    case 'measure-added':
      return `${change.number}. ${change.title}`;
    case 'measure-amended':
      return `${change.number}: ${change.changes.map((f) => f.field).join(', ')}`;
    case 'executor-renamed':
      return `${change.before} → ${change.after} с ${formatDate(change.effectiveDate)}`;
    case 'executor-liquidated':
      return `${change.executorId} с ${formatDate(change.effectiveDate)}`;
  }
}

export function auditStatePages(deps: ApiDeps) {
  const app = new Hono<PageEnv>();

  app.get('/audit/verify', async (c) => {
    const from = intQuery(c, 'from', 1);
    const to = intQuery(c, 'to', 1);
    // What the auditor typed and cannot be used is said beside the form, never dropped for the whole log.
    const problems: string[] = [];
    for (const [name, label, value] of [
      ['from', 'С позиции', from],
      ['to', 'По позицию', to],
    ] as const) {
      const raw = c.req.query(name)?.trim();
      if (raw && value === undefined) problems.push(`${label}: введите номер позиции — целое число от 1.`);
    }
    // The hash the verification this one goes on from ended on (its «Продолжить» link).
    const after = from !== undefined && from > 1 ? textQuery(c, 'after', HASH_PATTERN) : undefined;
    const run = c.req.query('run') === '1';
    let verdict: StoreVerdict | null = null;
    if (run && problems.length === 0) {
      const last = (await deps.store.head()).position;
      if (to !== undefined && to > last) problems.push(`По позицию: журнал заканчивается позицией ${last}.`);
      else if (from !== undefined && to !== undefined && from > to + 1)
        problems.push('С позиции: позже, чем «По позицию».');
      else if (from !== undefined && from > last + 1)
        problems.push(`С позиции: журнал заканчивается позицией ${last}.`);
      else verdict = await verifyStore(deps.store, { from, to, after }, liveVerifyOptions(deps));
    }
    const head =
      verdict && !verdict.ok && (verdict.problem === 'unfinished' || verdict.problem === 'nothing_checked')
        ? (await deps.store.head()).position
        : 0;
    return page(
      c,
      'Проверка журнала',
      <>
        <p class="lead">
          Пересчитывает хеш каждого события и связь с предыдущим, проверяет, что позиции идут без пропусков и голова
          журнала совпадает с последним событием. При проверке всего журнала — ещё индекс потоков, их вершины и ключи
          команд, дерево Меркла, снимки представлений и сами текущие представления: то, что показывают отчёты и
          страницы, сравнивается с журналом, воспроизведённым заново.
        </p>
        <form method="get" action="/audit/verify" class="filters">
          <input type="hidden" name="run" value="1" />
          <div class="field">
            <label for="f-from">С позиции</label>
            <input
              type="text"
              inputmode="numeric"
              id="f-from"
              name="from"
              value={(c.req.query('from') ?? '').slice(0, 30)}
            />
          </div>
          <div class="field">
            <label for="f-to">По позицию</label>
            <input type="text" inputmode="numeric" id="f-to" name="to" value={(c.req.query('to') ?? '').slice(0, 30)} />
          </div>
          <div class="field">
            <button type="submit">Проверить</button>
          </div>
        </form>
        <p class="hint">Пустые поля — весь журнал.</p>
        {problems.length > 0 && (
          <Notice kind="warning">
            {problems.map((problem) => (
              <p>{problem}</p>
            ))}
            <p>Ничего не проверено.</p>
          </Notice>
        )}
        {verdict && <Verdict verdict={verdict} head={head} from={from} to={to} after={after} />}
      </>,
      problems.length > 0 ? 400 : 200,
    );
  });

  app.get('/audit/plan', async (c) => {
    const date = textQuery(c, 'date', DATE_PATTERN);
    const asOf = endOfDay(date);
    const after = textQuery(c, 'after', /^[0-9.]{1,50}$/);
    // A plan that did not exist yet at that moment: null, said on the page.
    const viewOf = (views: ViewReader, planId: string) =>
      planView(views, planId, { after, limit: 100 }).catch((error: unknown) => {
        if (error instanceof NotFoundError && error.code === 'plan_not_found') return null;
        throw error;
      });
    const live = await liveState(c, deps);
    const asked = textQuery(c, 'plan', ID_PATTERN);
    const [{ plans, plan }, early] = await Promise.all([
      choosePlan(c, live.views),
      asked !== undefined && !asOf ? viewOf(live.views, asked) : undefined,
    ]);
    if (!plan) return page(c, 'План на дату', <p>Планов пока нет.</p>);
    const state = asOf ? await readState(c, deps, { asOf }) : live;
    const view = early !== undefined && plan.planId === asked ? early : await viewOf(state.views, plan.planId);
    return page(
      c,
      'План на дату',
      <>
        <form method="get" action="/audit/plan" class="filters">
          <PlanPicker plans={plans} planId={plan.planId} />
          <div class="field">
            <label for="f-date">На конец дня</label>
            <input type="date" id="f-date" name="date" value={date ?? ''} />
          </div>
          <div class="field">
            <button type="submit" class="secondary">
              Показать
            </button>
          </div>
        </form>
        <Notice kind="info">
          {asOf
            ? `Состояние на конец дня ${formatDate(date!)} (МСК): журнал воспроизведён до позиции ${state.position}.`
            : `Текущее состояние (позиция ${state.position}). Выберите дату, чтобы увидеть план, каким он был тогда.`}
        </Notice>
        {!view && <p>На эту дату плана ещё не было.</p>}
        {view && (
          <>
            <h2>{view.plan.title}</h2>
            <p class="meta">
              {view.plan.fromYear}–{view.plan.toYear} годы · стороны: {view.plan.parties.join('; ')} · мероприятий:{' '}
              {view.measureCount}
            </p>
            {view.sections.map((section) => (
              <section aria-labelledby={`s-${section.number}`}>
                <h3 id={`s-${section.number}`}>{section.title}</h3>
                <table class="stack">
                  <caption class="visually-hidden">Мероприятия раздела {section.number}</caption>
                  <thead>
                    <tr>
                      <th scope="col">№</th>
                      <th scope="col">Мероприятие</th>
                      <th scope="col">Исполнители</th>
                      <th scope="col">Записей по годам</th>
                    </tr>
                  </thead>
                  <tbody>
                    {section.measures.map((m) => (
                      <tr>
                        <td data-label="№">{m.number}</td>
                        <td data-label="Мероприятие">
                          {m.title}
                          <br />
                          <span class="meta">Срок: {m.term}</span>
                        </td>
                        <td data-label="Исполнители">
                          {m.executors.map((x) => (
                            <p>
                              {x.nameInPlan}
                              {x.status === 'liquidated' && <span class="meta"> (ликвидировано)</span>}
                            </p>
                          ))}
                        </td>
                        <td data-label="Записей по годам">
                          {Object.entries(m.entriesByYear)
                            .sort()
                            .map(([y, n]) => `${y}: ${n}`)
                            .join('; ') || '—'}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            ))}
            {view.nextAfter !== null && (
              <Pager path="/audit/plan" query={{ plan: plan.planId, date, after: view.nextAfter }} />
            )}
          </>
        )}
      </>,
    );
  });

  app.get('/audit/changes', async (c) => {
    const live = await liveState(c, deps);
    const { plans, plan } = await choosePlan(c, live.views);
    if (!plan) return page(c, 'Изменения', <p>Планов пока нет.</p>);
    const header = await getPlanHeader(live.views, plan.planId);
    const choice = await chooseYear(c, deps, live.views, header);
    const fromDate = textQuery(c, 'from', DATE_PATTERN);
    const toDate = textQuery(c, 'to', DATE_PATTERN);
    const from = endOfDay(fromDate);
    const to = endOfDay(toDate);
    const result =
      from && to && from <= to
        ? await reportChanges(deps.store, {
            planId: plan.planId,
            year: choice.year,
            from: { asOf: from },
            to: { asOf: to },
          })
        : null;
    return page(
      c,
      'Изменения между датами',
      <>
        <p class="lead">
          Что изменилось в отчёте за год между концом одного дня и концом другого (московское время): добавленные,
          исправленные и отозванные записи, изменения мероприятий и исполнителей — кто и когда.
        </p>
        <form method="get" action="/audit/changes" class="filters">
          <PlanPicker plans={plans} planId={plan.planId} />
          <YearPicker years={choice.years} year={choice.year} label="Год отчёта" />
          <div class="field">
            <label for="f-from">После конца дня</label>
            <input type="date" id="f-from" name="from" value={fromDate ?? ''} required />
          </div>
          <div class="field">
            <label for="f-to">По конец дня</label>
            <input type="date" id="f-to" name="to" value={toDate ?? ''} required />
          </div>
          <div class="field">
            <button type="submit" class="secondary">
              Показать
            </button>
          </div>
        </form>
        {(fromDate || toDate) && !result && <Notice kind="warning">Укажите обе даты; вторая не раньше первой.</Notice>}
        {result && (
          <>
            <p>
              Окно: после позиции {result.from.position} по позицию {result.to.position}. Изменений:{' '}
              {result.changes.length}.
            </p>
            {result.changes.length > 0 && (
              <table class="stack">
                <caption>Изменения за {choice.year} год</caption>
                <thead>
                  <tr>
                    <th scope="col">Позиция</th>
                    <th scope="col">Когда и кто</th>
                    <th scope="col">Что</th>
                  </tr>
                </thead>
                <tbody>
                  {result.changes.map((change) => (
                    <tr>
                      <td data-label="Позиция">{change.position}</td>
                      <td data-label="Когда и кто">
                        {formatInstant(change.recordedAt)}
                        <br />
                        <span class="meta">
                          {ROLE_NAMES[change.actor.role] ?? change.actor.role} {change.actor.keyId}
                        </span>
                      </td>
                      <td data-label="Что">
                        <strong>{KIND_NAMES[change.kind]}</strong>: {changeText(change)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <p>
              <a href={href('/report', { plan: plan.planId, year: choice.year, asOf: fromDate })}>
                Отчёт на {formatDate(fromDate!)}
              </a>{' '}
              ·{' '}
              <a href={href('/report', { plan: plan.planId, year: choice.year, asOf: toDate })}>
                Отчёт на {formatDate(toDate!)}
              </a>
            </p>
          </>
        )}
      </>,
    );
  });
  return app;
}
