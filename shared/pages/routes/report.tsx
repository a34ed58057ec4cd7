// The yearly report for every role: the HTML report embedded, with DOCX, CSV and JSON
// downloads, for the live state, as of the end of a chosen day, or as a publication
// (its files byte for byte as published, checked against their recorded hashes).
import { Hono } from 'hono';
import type { ApiDeps } from '../../http/deps';
import { publishedFile, reportFile } from '../../http/routes/reports';
import { REPORT_FORMATS, type ReportFormat } from '../../report/model';
import { listPublications, type Publication } from '../../report/publish';
import { getPlanHeader } from '../../views/queries';
import type { PageContext, PageEnv } from '../env';
import { endOfDay, formatBytes, formatDate, formatInstant } from '../format';
import { DATE_PATTERN, ID_PATTERN, intQuery, liveState, textQuery } from '../read';
import { page } from '../render';
import { href, Notice, PlanPicker, YearPicker } from '../ui';
import { chooseYear } from '../years';
import { choosePlan } from './coordinator';

/** The embedded report may be framed by these pages, and holds no script at all. */
const REPORT_FRAME_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

const FORMAT_NAMES: Record<ReportFormat, string> = {
  docx: 'Word (DOCX)',
  csv: 'Таблица (CSV, для Excel)',
  json: 'Данные (JSON)',
  html: 'Веб-страница (HTML)',
};

interface Which {
  planId: string;
  year: number;
  /** YYYY-MM-DD: the state at the end of that day, Moscow time. */
  asOf?: string | undefined;
  revision?: number | undefined;
  /** A party of the plan: its part only; absent: the joint report. */
  party?: string | undefined;
  appendix: boolean;
}

const PARTY = /^.{1,500}$/;

function whichOf(c: PageContext): Omit<Which, 'planId' | 'year'> {
  const revision = intQuery(c, 'revision', 1);
  const asOf = revision === undefined ? textQuery(c, 'asOf', DATE_PATTERN) : undefined;
  return {
    revision,
    asOf: endOfDay(asOf) ? asOf : undefined,
    party: revision === undefined ? textQuery(c, 'party', PARTY) : undefined,
    appendix: c.req.query('appendix') === 'true',
  };
}

const fileHref = (which: Which, format: ReportFormat) =>
  href('/report/file', {
    plan: which.planId,
    year: which.year,
    format,
    asOf: which.asOf,
    revision: which.revision,
    party: which.revision === undefined ? which.party : undefined,
    appendix: which.appendix && which.revision === undefined ? 'true' : undefined,
  });

function PublicationFacts(props: { publication: Publication }) {
  const p = props.publication;
  return (
    <dl class="facts">
      <dt>Редакция</dt>
      <dd>{p.revision}</dd>
      <dt>Опубликована</dt>
      <dd>{formatInstant(p.publishedAt)}</dd>
      <dt>Построена по журналу</dt>
      <dd>
        до позиции {p.position}, хеш цепочки <span class="mono">{p.chainHash}</span>
      </dd>
    </dl>
  );
}

export function reportPages(deps: ApiDeps) {
  const app = new Hono<PageEnv>();

  app.get('/report', async (c) => {
    const state = await liveState(c, deps);
    const { plans, plan } = await choosePlan(c, state.views);
    if (!plan) return page(c, 'Отчёт', <p>Планов пока нет.</p>);
    const header = await getPlanHeader(state.views, plan.planId);
    const choice = await chooseYear(c, deps, state.views, header);
    const which: Which = { planId: plan.planId, year: choice.year, ...whichOf(c) };
    const publications = await listPublications(deps.store, plan.planId, choice.year);
    const publication = publications.find((p) => p.revision === which.revision);
    if (which.revision !== undefined && !publication) which.revision = undefined;
    if (which.party !== undefined && !header.parties.includes(which.party)) which.party = undefined;
    const view = which.revision !== undefined ? 'revision' : which.asOf ? 'asOf' : 'live';
    return page(
      c,
      `Отчёт за ${choice.year} год`,
      <>
        <p class="lead">{header.reportTitle}</p>
        <form method="get" action="/report" class="stacked">
          <div class="filters">
            <PlanPicker plans={plans} planId={plan.planId} />
            <YearPicker years={choice.years} year={choice.year} />
            <div class="field">
              <label for="f-party">Сторона</label>
              <select id="f-party" name="party">
                <option value="">Совместный отчёт</option>
                {header.parties.map((p) => (
                  <option value={p} selected={p === which.party}>
                    {p}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="f-asOf">По состоянию на конец дня</label>
              <input type="date" id="f-asOf" name="asOf" value={which.asOf ?? ''} aria-describedby="f-asOf-hint" />
              <p class="hint" id="f-asOf-hint">
                Пусто — текущее состояние.
              </p>
            </div>
            <div class="field">
              <label for="f-revision">Опубликованная редакция</label>
              <select id="f-revision" name="revision">
                <option value="">— нет —</option>
                {publications.map((p) => (
                  <option value={String(p.revision)} selected={p.revision === which.revision}>
                    {p.revision} от {formatInstant(p.publishedAt)}
                    {p.party === null ? ', совместный' : `, ${p.party}`}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div class="check">
            <input type="checkbox" id="f-appendix" name="appendix" value="true" checked={which.appendix} />
            <label for="f-appendix">С приложением: мероприятия без сведений за год</label>
          </div>
          <p class="actions">
            <button type="submit" class="secondary">
              Показать
            </button>
          </p>
        </form>
        {view === 'live' && <Notice kind="info">Текущее состояние (позиция журнала {state.position}).</Notice>}
        {view === 'asOf' && (
          <Notice kind="info">
            По состоянию на конец дня {formatDate(which.asOf!)} (московское время): журнал воспроизведён до этого
            момента.
          </Notice>
        )}
        {publication && <PublicationFacts publication={publication} />}
        <h2>Скачать</h2>
        <ul>
          {(['docx', 'csv', 'json', 'html'] as const).map((format) => {
            const file = publication?.artifacts.find((a) => a.format === format);
            return (
              <li>
                <a href={fileHref(which, format)} download>
                  {FORMAT_NAMES[format]}
                </a>
                {file && (
                  <span class="meta">
                    {' '}
                    — {formatBytes(file.bytes)}, SHA-256 <span class="mono">{file.sha256}</span>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
        <h2>Отчёт</h2>
        <iframe class="report" src={fileHref(which, 'html')} title={`Отчёт за ${choice.year} год`}></iframe>
        <p>
          <a href={fileHref(which, 'html')}>Открыть отчёт отдельно (для печати)</a>
        </p>
      </>,
    );
  });

  app.get('/report/file', async (c) => {
    const planId = textQuery(c, 'plan', ID_PATTERN);
    const year = intQuery(c, 'year', 1990, 2100);
    const format = REPORT_FORMATS.find((f) => f === c.req.query('format')) ?? 'html';
    if (!planId || year === undefined) return c.redirect('/report', 303);
    const which = whichOf(c);
    const response =
      which.revision !== undefined
        ? await publishedFile(c, deps, { planId, year, revision: which.revision, format })
        : await reportFile(c, deps, {
            planId,
            year,
            format,
            includeAppendix: which.appendix,
            party: which.party ?? null,
            read: which.asOf ? { asOf: endOfDay(which.asOf)! } : {},
          });
    if (format === 'html') {
      response.headers.set('content-security-policy', REPORT_FRAME_CSP);
      response.headers.set('x-frame-options', 'SAMEORIGIN');
    }
    response.headers.set('cache-control', 'no-store');
    return response;
  });
  return app;
}
