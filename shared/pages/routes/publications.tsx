// Publishing the yearly report (as the schedule does: built at the head by replaying the
// log, every format stored write-once under its SHA-256, recorded by a command with the
// signed-in key) and the list of a year's publications with their files and hashes.
import { Hono } from 'hono';
import { checkpointAfterPublication } from '../../audit/checkpoints';
import { NotFoundError } from '../../errors';
import type { ApiDeps } from '../../http/deps';
import { MerkleLog } from '../../merkle/merkle-log';
import { listPublications, publishReport } from '../../report/publish';
import { getPlanHeader } from '../../views/queries';
import type { PageContext, PageEnv } from '../env';
import { formatBytes, formatInstant, ROLE_NAMES } from '../format';
import { integer, text } from '../forms';
import { formOf } from '../guard';
import { type FormErrors, formErrorsOf, NO_ERRORS } from '../messages';
import { ID_PATTERN, intQuery, liveState } from '../read';
import { page, seeOther } from '../render';
import { ErrorSummary, FormTokens, href, Notice, PlanPicker, YearPicker } from '../ui';
import { formKeyOf, newFormKey } from '../write';
import { chooseYear } from '../years';
import { choosePlan } from './coordinator';

const FORMAT_LABELS: Record<string, string> = { docx: 'DOCX', csv: 'CSV', json: 'JSON', html: 'HTML' };

export function publicationPages(deps: ApiDeps) {
  const app = new Hono<PageEnv>();

  const show = async (c: PageContext, errors: FormErrors) => {
    const state = await liveState(c, deps);
    const { plans, plan } = await choosePlan(c, state.views);
    if (!plan) return page(c, 'Публикации', <p>Планов пока нет.</p>);
    const header = await getPlanHeader(state.views, plan.planId);
    const choice = await chooseYear(c, deps, state.views, header);
    const publications = await listPublications(deps.store, plan.planId, choice.year);
    const published = intQuery(c, 'published', 1);
    return page(
      c,
      'Публикации',
      <>
        {published !== undefined && (
          <Notice kind="success">
            Опубликована редакция {published} отчёта за {choice.year} год.
          </Notice>
        )}
        <section aria-labelledby="publish">
          <h2 id="publish">Опубликовать отчёт</h2>
          <p>
            Отчёт строится по всему журналу на текущий момент; каждый файл сохраняется неизменным под своим хешем.
            Повторная публикация создаёт новую редакцию.
          </p>
          <ErrorSummary
            errors={errors}
            labels={{ plan: 'План', year: 'Год', party: 'Чей отчёт' }}
            title="Не удалось опубликовать"
          />
          <form method="post" action="/coordinator/publications" class="stacked" novalidate>
            <FormTokens csrf={c.get('csrf')} formKey={newFormKey(deps)} />
            <PlanPicker plans={plans} planId={plan.planId} />
            <YearPicker years={choice.years} year={choice.year} />
            <div class="field">
              <label for="f-party">Чей отчёт</label>
              <select id="f-party" name="party">
                {c.get('actor').party === undefined && <option value="">Совместный отчёт</option>}
                {header.parties
                  .filter((p) => c.get('actor').party === undefined || p === c.get('actor').party)
                  .map((p) => (
                    <option value={p}>Отчёт стороны: {p}</option>
                  ))}
              </select>
            </div>
            <div class="check">
              <input type="checkbox" id="f-appendix" name="appendix" value="true" />
              <label for="f-appendix">С приложением: мероприятия без сведений за год</label>
            </div>
            <p class="actions">
              <button type="submit">Опубликовать</button>
            </p>
          </form>
        </section>
        <h2>
          Редакции отчёта за {choice.year} год:{' '}
          {header.title.length > 60 ? `${header.title.slice(0, 60)}…` : header.title}
        </h2>
        <form method="get" action="/coordinator/publications" class="filters">
          <input type="hidden" name="plan" value={plan.planId} />
          <YearPicker years={choice.years} year={choice.year} id="f-list-year" />
          <div class="field">
            <button type="submit" class="secondary">
              Показать
            </button>
          </div>
        </form>
        {publications.length === 0 && <p>За этот год отчёт ещё не публиковался.</p>}
        <ul class="cards">
          {[...publications].reverse().map((p) => (
            <li class="card">
              <h3>
                Редакция {p.revision} от {formatInstant(p.publishedAt)}
                {p.party === null ? ' — совместный отчёт' : ` — ${p.party}`}
              </h3>
              <p class="meta">
                {p.trigger === 'schedule' ? 'по расписанию' : 'по запросу'} ·{' '}
                {ROLE_NAMES[p.publishedBy.role] ?? p.publishedBy.role} <span class="mono">{p.publishedBy.keyId}</span> ·
                журнал до позиции {p.position}, хеш цепочки <span class="mono">{p.chainHash}</span>
                {p.includeAppendix ? ' · с приложением' : ''}
              </p>
              <table class="stack">
                <caption>Файлы редакции {p.revision}</caption>
                <thead>
                  <tr>
                    <th scope="col">Файл</th>
                    <th scope="col">Размер</th>
                    <th scope="col">SHA-256</th>
                  </tr>
                </thead>
                <tbody>
                  {p.artifacts.map((a) => (
                    <tr>
                      <td data-label="Файл">
                        <a
                          href={href('/report/file', {
                            plan: plan.planId,
                            year: choice.year,
                            revision: p.revision,
                            format: a.format,
                          })}
                          download={a.fileName}
                        >
                          {FORMAT_LABELS[a.format] ?? a.format}: {a.fileName}
                        </a>
                      </td>
                      <td data-label="Размер">{formatBytes(a.bytes)}</td>
                      <td data-label="SHA-256" class="mono">
                        {a.sha256}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p>
                <a href={href('/report', { plan: plan.planId, year: choice.year, revision: p.revision })}>
                  Открыть редакцию {p.revision}
                </a>
              </p>
            </li>
          ))}
        </ul>
      </>,
      errors.status === 200 ? 200 : errors.status,
    );
  };

  app.get('/coordinator/publications', (c) => show(c, NO_ERRORS));

  app.post('/coordinator/publications', async (c) => {
    const form = await formOf(c);
    const planId = text(form, 'plan');
    const year = integer(form, 'year');
    try {
      const actor = c.get('actor');
      const state = await liveState(c, deps);
      if (!ID_PATTERN.test(planId)) throw new NotFoundError('plan_not_found', 'No such plan.');
      const planHeader = await getPlanHeader(state.views, planId);
      const party = text(form, 'party') || undefined;
      if (party !== undefined && !planHeader.parties.includes(party)) {
        return show(c, {
          status: 400,
          code: 'validation_failed',
          fields: { party: ['Выберите сторону плана.'] },
          form: [],
        });
      }
      if (typeof year !== 'number' || year < 1990 || year > 2100) {
        return show(c, { status: 400, code: 'validation_failed', fields: { year: ['Выберите год.'] }, form: [] });
      }
      const formKey = formKeyOf(form);
      const publication = await publishReport(deps.store, deps.artifacts, {
        planId,
        year,
        includeAppendix: text(form, 'appendix') === 'true',
        ...(party !== undefined ? { party } : {}),
        trigger: 'on-demand',
        actor,
        at: deps.clock().toISOString(),
        ...(formKey ? { idempotencyKey: `page:${actor.keyId}:${formKey}` } : {}),
        credential: { keyId: actor.keyId },
        logger: c.get('logger'),
        // The report carries the signed checkpoint of the log it was built from.
        ...(deps.tiles && deps.signer ? { checkpoints: { tree: new MerkleLog(deps.tiles), signer: deps.signer } } : {}),
      });
      // A signed checkpoint of the log right after it (docs/MERKLE.md); logged if it fails.
      await checkpointAfterPublication(deps, { actor, at: deps.clock().toISOString(), logger: c.get('logger') });
      deps.onAppended?.(publication.eventPosition);
      return seeOther(c, href('/coordinator/publications', { plan: planId, year, published: publication.revision }));
    } catch (error) {
      return show(c, formErrorsOf(error));
    }
  });
  return app;
}
