// The auditor's log pages: the global log a page at a time, filtered by stream, event
// type and date range; one stream's history; the export download. They read the event
// store itself, as the API's audit routes do, never the views.
import { Hono } from 'hono';
import { EXPORT_CONTENT_TYPE, exportPages, pagesToStream, resolveExportRange } from '../../audit';
import type { ApiDeps } from '../../http/deps';
import type { EventEnvelope } from '../../store/event-store';
import type { PageContext, PageEnv } from '../env';
import { EVENT_NAMES, endOfDay, formatDate, formatInstant, PAGE_TIME_ZONE, ROLE_NAMES } from '../format';
import { roleGuard } from '../guard';
import { DATE_PATTERN, intQuery, textQuery } from '../read';
import { page } from '../render';
import { href, Pager } from '../ui';

const STREAM_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$/;
/** Events read per page of the filtered log; the next page goes on from there. */
const SCAN_BUDGET = 2000;
const SHOWN = 100;

const streamHref = (streamId: string) => `/audit/streams/${encodeURIComponent(streamId)}`;

const clip = (text: unknown, length = 140) => {
  const value = typeof text === 'string' ? text : '';
  return value.length > length ? `${value.slice(0, length)}…` : value;
};

/** A line on what the event says, for the common types. */
function summary(event: EventEnvelope): string {
  const d = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'ExecutionReported':
      return `${d.number}: ${clip(d.text)}`;
    case 'ExecutionCorrected':
    case 'ExecutionWithdrawn':
      return `${d.number}, запись ${d.reportId}: ${clip(d.reason)}`;
    case 'MeasureAdded':
    case 'MeasureAmended':
      return `${d.number}${d.title ? `. ${clip(d.title)}` : ''}`;
    case 'SectionAdded':
      return `${d.number}. ${clip(d.title)}`;
    case 'ExecutorRegistered':
      return clip(d.fullName);
    case 'ExecutorRenamed':
      return `${clip(d.newName)} с ${d.effectiveDate}`;
    case 'ExecutorLiquidated':
      return `с ${d.effectiveDate}${d.successorId ? `, правопреемник ${d.successorId}` : ''}`;
    case 'ApiKeyIssued':
      return `${ROLE_NAMES[String(d.role)] ?? d.role}${d.executorId ? ` (${d.executorId})` : ''}: ${clip(d.label)}`;
    case 'ApiKeyRevoked':
      return clip(d.reason);
    case 'YearlyReportPublished':
      return `${d.planId}, ${d.year} год, редакция ${d.revision}`;
    case 'PlanCreated':
      return clip(d.title);
    default:
      return '';
  }
}

function EventRows(props: { events: EventEnvelope[] }) {
  return (
    <table class="stack">
      <caption>События</caption>
      <thead>
        <tr>
          <th scope="col">Позиция</th>
          <th scope="col">Время</th>
          <th scope="col">Событие</th>
          <th scope="col">Кто</th>
          <th scope="col">Подробно</th>
        </tr>
      </thead>
      <tbody>
        {props.events.map((e) => (
          <tr id={`p${e.position}`}>
            <td data-label="Позиция">{e.position}</td>
            <td data-label="Время">{formatInstant(e.recordedAt)}</td>
            <td data-label="Событие">
              {EVENT_NAMES[e.type] ?? e.type}
              <br />
              <a class="meta mono" href={streamHref(e.streamId)}>
                {e.streamId} v{e.version}
              </a>
            </td>
            <td data-label="Кто">
              {ROLE_NAMES[e.metadata.actor.role] ?? e.metadata.actor.role}
              <br />
              <span class="meta mono">{e.metadata.actor.keyId}</span>
            </td>
            <td data-label="Подробно">
              {summary(e)}
              <details>
                <summary>Запись целиком</summary>
                <pre class="mono">{JSON.stringify(e, null, 2)}</pre>
              </details>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The log from `from`, filtered: up to SHOWN events, reading at most SCAN_BUDGET. */
async function filteredLog(
  deps: ApiDeps,
  filter: { from: number; type?: string | undefined; since?: string | null; until?: string | null },
) {
  const matches: EventEnvelope[] = [];
  let next: number | null = filter.from;
  let scanned = 0;
  // Unfiltered, one page is what is shown; filtered, larger steps up to the budget.
  const filtered = Boolean(filter.type || filter.since || filter.until);
  while (next !== null && scanned < SCAN_BUDGET && matches.length < SHOWN) {
    const limit = filtered ? Math.min(500, SCAN_BUDGET - scanned) : SHOWN - matches.length;
    const page = await deps.store.readAll({ fromPosition: next, limit });
    for (const [i, e] of page.events.entries()) {
      scanned++;
      const at = e.recordedAt;
      if (filter.type && e.type !== filter.type) continue;
      if ((filter.since && at < filter.since) || (filter.until && at > filter.until)) continue;
      matches.push(e);
      if (matches.length === SHOWN) {
        next = i === page.events.length - 1 ? page.nextPosition : e.position + 1;
        return { events: matches, next, scanned };
      }
    }
    next = page.nextPosition;
  }
  return { events: matches, next, scanned };
}

/** Midnight (Moscow time) at the start of a day, as an ISO instant. */
const startOfDay = (date: string | undefined) =>
  date && endOfDay(date) ? new Date(Date.parse(`${date}T00:00:00.000${PAGE_TIME_ZONE}`)).toISOString() : null;

export function auditPages(deps: ApiDeps) {
  const app = new Hono<PageEnv>();
  app.use('/audit/*', roleGuard('auditor', 'coordinator'));

  app.get('/audit', (c) => c.redirect('/audit/events', 303));

  app.get('/audit/events', async (c) => {
    const stream = textQuery(c, 'stream', STREAM_PATTERN);
    if (stream) {
      const { type, since, until } = c.req.query();
      return c.redirect(href(streamHref(stream), { type, since, until }), 303);
    }
    const type = Object.keys(EVENT_NAMES).find((t) => t === c.req.query('type'));
    const sinceDate = textQuery(c, 'since', DATE_PATTERN);
    const untilDate = textQuery(c, 'until', DATE_PATTERN);
    const from = intQuery(c, 'from', 1) ?? 1;
    const [head, log] = await Promise.all([
      deps.store.head(),
      filteredLog(deps, { from, type, since: startOfDay(sinceDate), until: endOfDay(untilDate) }),
    ]);
    const filtered = type !== undefined || sinceDate !== undefined || untilDate !== undefined;
    return page(
      c,
      'Журнал событий',
      <>
        <p class="lead">
          Все изменения по порядку. Журнал содержит {head.position} событий; хеш последнего:{' '}
          <span class="mono">{head.hash}</span>.
        </p>
        <form method="get" action="/audit/events" class="filters">
          <div class="field">
            <label for="f-stream">Поток</label>
            <input type="text" id="f-stream" name="stream" aria-describedby="f-stream-hint" />
            <p class="hint" id="f-stream-hint">
              Например, measure-spb-smolensk-2021-2023-2.1
            </p>
          </div>
          <div class="field">
            <label for="f-type">Тип события</label>
            <select id="f-type" name="type">
              <option value="">Все</option>
              {Object.entries(EVENT_NAMES).map(([value, label]) => (
                <option value={value} selected={value === type}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="f-since">С даты</label>
            <input type="date" id="f-since" name="since" value={sinceDate ?? ''} />
          </div>
          <div class="field">
            <label for="f-until">По дату</label>
            <input type="date" id="f-until" name="until" value={untilDate ?? ''} />
          </div>
          <div class="field">
            <label for="f-from">С позиции</label>
            <input type="text" inputmode="numeric" id="f-from" name="from" value={String(from)} />
          </div>
          <div class="field">
            <button type="submit" class="secondary">
              Показать
            </button>
          </div>
        </form>
        <p class="muted">
          {filtered
            ? `Просмотрено событий: ${log.scanned}, подходит: ${log.events.length}. Даты — по московскому времени.`
            : `Показаны позиции ${log.events[0]?.position ?? '—'}–${log.events.at(-1)?.position ?? '—'}.`}
        </p>
        {log.events.length > 0 ? <EventRows events={log.events} /> : <p>Событий нет.</p>}
        {log.next !== null && (
          <Pager
            path="/audit/events"
            query={{ type, since: sinceDate, until: untilDate, from: log.next }}
            label={filtered ? 'Искать дальше' : 'Следующая страница'}
          />
        )}
      </>,
    );
  });

  app.get('/audit/streams/:streamId', async (c: PageContext) => {
    const streamId = c.req.param('streamId') ?? '';
    const type = Object.keys(EVENT_NAMES).find((t) => t === c.req.query('type'));
    const version = STREAM_PATTERN.test(streamId) ? await deps.store.streamVersion(streamId) : 0;
    const fromVersion = intQuery(c, 'from', 1) ?? 1;
    const toVersion = Math.min(version, fromVersion + SHOWN - 1);
    const events = fromVersion > version ? [] : await deps.store.readStream(streamId, { fromVersion, toVersion });
    const sinceDate = textQuery(c, 'since', DATE_PATTERN);
    const untilDate = textQuery(c, 'until', DATE_PATTERN);
    const [since, until] = [startOfDay(sinceDate), endOfDay(untilDate)];
    const shown = events.filter(
      (e) => (!type || e.type === type) && (!since || e.recordedAt >= since) && (!until || e.recordedAt <= until),
    );
    const filters = [
      type ? `только «${EVENT_NAMES[type]}»` : '',
      sinceDate ? `с ${formatDate(sinceDate)}` : '',
      untilDate ? `по ${formatDate(untilDate)}` : '',
    ].filter(Boolean);
    return page(
      c,
      `Поток ${streamId}`,
      <>
        <p class="lead">
          {version === 0 ? 'Такого потока нет.' : `История одного потока: версий — ${version}.`}
          {filters.length > 0 ? ` Показаны события: ${filters.join(', ')}.` : ''}
        </p>
        {shown.length > 0 && <EventRows events={shown} />}
        {toVersion < version && (
          <Pager
            path={streamHref(streamId)}
            query={{ type, since: sinceDate, until: untilDate, from: toVersion + 1 }}
          />
        )}
        <p>
          <a href="/audit/events">Весь журнал</a>
        </p>
      </>,
      version === 0 ? 404 : 200,
    );
  });

  app.get('/audit/export', async (c) => {
    const head = await deps.store.head();
    return page(
      c,
      'Выгрузка журнала',
      <>
        <p>
          Журнал в формате NDJSON: по строке на событие, в каноническом JSON, как оно хешировалось. По выгрузке журнал
          проверяется без доступа к системе: <code>npm run audit -- verify --file выгрузка.ndjson</code>.
        </p>
        <p>Сейчас в журнале {head.position} событий.</p>
        <form method="get" action="/audit/export/file" class="filters">
          <div class="field">
            <label for="f-from">С позиции</label>
            <input type="text" inputmode="numeric" id="f-from" name="from" value="1" />
          </div>
          <div class="field">
            <label for="f-to">По позицию</label>
            <input type="text" inputmode="numeric" id="f-to" name="to" value={String(head.position)} />
          </div>
          <div class="field">
            <button type="submit">Скачать выгрузку</button>
          </div>
        </form>
      </>,
    );
  });

  app.get('/audit/export/file', async (c) => {
    const range = await resolveExportRange(deps.store, { from: intQuery(c, 'from', 1), to: intQuery(c, 'to', 0) });
    const logger = c.get('logger');
    const body = pagesToStream(exportPages(deps.store, range), (error) =>
      logger.error('export failed after it started', { error, ...range }),
    );
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': EXPORT_CONTENT_TYPE,
        'content-disposition': `attachment; filename="events-${range.from}-${range.to}.ndjson"`,
        'x-export-from': String(range.from),
        'x-export-to': String(range.to),
        'cache-control': 'no-store',
      },
    });
  });
  return app;
}
