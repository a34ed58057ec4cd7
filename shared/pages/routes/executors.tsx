// The executor directory (a page at a time) and one executor: its names, its
// liquidation and successor, and the forms that record a rename or a liquidation (the
// successor picked from the directory). Facts with an effective date, never edits.
import { Hono } from 'hono';
import { MAX_NAME_LENGTH, MAX_REASON_LENGTH } from '../../domain/limits';
import { NotFoundError } from '../../errors';
import type { ApiDeps } from '../../http/deps';
import { liquidateExecutorCommand, renameExecutorCommand } from '../../http/routes/executors';
import { executorNames, findExecutor, getExecutor, listExecutors, predecessorsOf } from '../../views/queries';
import type { PageContext, PageEnv } from '../env';
import { formatDate, formatInstant } from '../format';
import { compact, optionalText, text, typed } from '../forms';
import { formOf } from '../guard';
import { type FormErrors, formErrorsOf, NO_ERRORS } from '../messages';
import { ID_PATTERN, intQuery, liveState, textQuery } from '../read';
import { page, seeOther } from '../render';
import { ErrorSummary, FormTokens, href, Notice, Pager, SelectField, Status, TextField } from '../ui';
import { executeFromPage, formKeyOf, newFormKey } from '../write';

type Which = 'rename' | 'liquidation';
const LABELS: Record<Which, Record<string, string>> = {
  rename: { newName: 'Новое полное наименование', newShortName: 'Новое краткое наименование', effectiveDate: 'С даты' },
  liquidation: { effectiveDate: 'Дата ликвидации', successorId: 'Правопреемник', note: 'Примечание' },
};
const DONE: Record<string, string> = { renamed: 'Переименование записано.', liquidated: 'Ликвидация записана.' };

const executorPath = (id: string) => `/coordinator/executors/${encodeURIComponent(id)}`;

export function executorPages(deps: ApiDeps) {
  const app = new Hono<PageEnv>();

  app.get('/coordinator/executors', async (c) => {
    const state = await liveState(c, deps);
    const list = await listExecutors(state.views, { after: textQuery(c, 'after', ID_PATTERN), limit: 100 });
    return page(
      c,
      'Исполнители',
      <>
        <p class="lead">Справочник исполнителей: действующие наименования и статус.</p>
        <table class="stack">
          <caption>Исполнители</caption>
          <thead>
            <tr>
              <th scope="col">Наименование</th>
              <th scope="col">Сторона</th>
              <th scope="col">Статус</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((x) => (
              <tr>
                <td data-label="Наименование">
                  <a href={executorPath(x.executorId)}>{x.fullName}</a>
                  <br />
                  <span class="meta mono">{x.executorId}</span>
                </td>
                <td data-label="Сторона">{x.party}</td>
                <td data-label="Статус">
                  {x.status === 'active' ? (
                    <Status kind="ok">действует</Status>
                  ) : (
                    <Status kind="neutral">ликвидировано с {formatDate(x.liquidation!.effectiveDate)}</Status>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.next !== null && <Pager path="/coordinator/executors" query={{ after: list.next }} />}
      </>,
    );
  });

  const show = async (c: PageContext, which: Which | undefined, values: Record<string, string>, errors: FormErrors) => {
    const id = c.req.param('id') ?? '';
    if (!ID_PATTERN.test(id)) throw new NotFoundError('executor_not_found', 'No such executor.');
    const position = intQuery(c, 'position');
    const state = await liveState(c, deps, position);
    const executor = await getExecutor(state.views, id);
    const [names, predecessors, directory] = await Promise.all([
      executorNames(state.views, id),
      predecessorsOf(state.views, id),
      listExecutors(state.views, { limit: 1000 }),
    ]);
    const successor = executor.liquidation?.successorId
      ? await findExecutor(state.views, executor.liquidation.successorId)
      : null;
    const candidates = directory.items.filter((x) => x.status === 'active' && x.executorId !== id);
    const errorsOf = (form: Which) => (which === form ? errors : NO_ERRORS);
    const valuesOf = (form: Which) => (which === form ? values : {});
    const done = DONE[c.req.query('done') ?? ''];
    return page(
      c,
      executor.fullName,
      <>
        {done && position !== undefined && (
          <Notice kind="success">
            {done} Позиция в журнале: <strong>{position}</strong>.
          </Notice>
        )}
        <dl class="facts">
          <dt>Идентификатор</dt>
          <dd class="mono">{executor.executorId}</dd>
          <dt>Краткое наименование</dt>
          <dd>{executor.shortName ?? '—'}</dd>
          <dt>Сторона</dt>
          <dd>{executor.party}</dd>
          <dt>Статус</dt>
          <dd>
            {executor.liquidation
              ? `ликвидировано с ${formatDate(executor.liquidation.effectiveDate)}${successor ? `, правопреемник: ${successor.fullName}` : ''}${executor.liquidation.note ? ` (${executor.liquidation.note})` : ''}`
              : 'действует'}
          </dd>
          {predecessors.length > 0 && (
            <>
              <dt>Правопреемник для</dt>
              <dd>{predecessors.join(', ')}</dd>
            </>
          )}
        </dl>
        <h2>Наименования</h2>
        <ul>
          {names.map((n) => (
            <li>
              {n.effectiveDate ? `с ${formatDate(n.effectiveDate)}: ` : 'при внесении в справочник: '}
              {n.name}
              {n.shortName ? ` (${n.shortName})` : ''}
            </li>
          ))}
        </ul>
        {executor.status === 'active' && (
          <>
            <section aria-labelledby="rename">
              <h2 id="rename">Переименование</h2>
              <ErrorSummary
                errors={errorsOf('rename')}
                labels={LABELS.rename}
                ids={{ effectiveDate: 'f-rename-date' }}
              />
              <form method="post" action={`${executorPath(id)}/rename`} class="stacked" novalidate>
                <FormTokens csrf={c.get('csrf')} formKey={which === 'rename' ? values._form : newFormKey(deps)} />
                <TextField
                  name="newName"
                  label={LABELS.rename.newName!}
                  value={valuesOf('rename').newName}
                  errors={errorsOf('rename')}
                  required
                  maxlength={MAX_NAME_LENGTH}
                />
                <TextField
                  name="newShortName"
                  label={LABELS.rename.newShortName!}
                  value={valuesOf('rename').newShortName}
                  errors={errorsOf('rename')}
                  maxlength={MAX_NAME_LENGTH}
                />
                <TextField
                  name="effectiveDate"
                  id="f-rename-date"
                  type="date"
                  label={LABELS.rename.effectiveDate!}
                  value={valuesOf('rename').effectiveDate}
                  errors={errorsOf('rename')}
                  required
                />
                <p class="actions">
                  <button type="submit">Записать переименование</button>
                </p>
              </form>
            </section>
            <section aria-labelledby="liquidate">
              <h2 id="liquidate">Ликвидация</h2>
              <ErrorSummary
                errors={errorsOf('liquidation')}
                labels={LABELS.liquidation}
                ids={{ effectiveDate: 'f-liquidation-date' }}
              />
              <form method="post" action={`${executorPath(id)}/liquidation`} class="stacked" novalidate>
                <FormTokens csrf={c.get('csrf')} formKey={which === 'liquidation' ? values._form : newFormKey(deps)} />
                <TextField
                  name="effectiveDate"
                  id="f-liquidation-date"
                  type="date"
                  label={LABELS.liquidation.effectiveDate!}
                  value={valuesOf('liquidation').effectiveDate}
                  errors={errorsOf('liquidation')}
                  required
                />
                <SelectField
                  name="successorId"
                  label={LABELS.liquidation.successorId!}
                  hint="Кто продолжает исполнять мероприятия; из справочника."
                  value={valuesOf('liquidation').successorId}
                  errors={errorsOf('liquidation')}
                  options={[
                    { value: '', label: '— без правопреемника —' },
                    ...candidates.map((x) => ({ value: x.executorId, label: x.fullName })),
                  ]}
                />
                <TextField
                  name="note"
                  label={LABELS.liquidation.note!}
                  value={valuesOf('liquidation').note}
                  errors={errorsOf('liquidation')}
                  maxlength={MAX_REASON_LENGTH}
                />
                <p class="actions">
                  <button type="submit" class="danger">
                    Записать ликвидацию
                  </button>
                </p>
              </form>
            </section>
          </>
        )}
        <p class="meta">
          Последнее изменение: позиция {executor.position}, внесён {formatInstant(executor.registeredAt)}.
        </p>
        <p>
          <a href="/coordinator/executors">Ко всем исполнителям</a>
        </p>
      </>,
      errors.status === 200 ? 200 : errors.status,
    );
  };

  app.get('/coordinator/executors/:id', (c) => show(c, undefined, {}, NO_ERRORS));

  const write = (which: Which) => async (c: PageContext) => {
    const id = c.req.param('id') ?? '';
    const form = await formOf(c);
    const envelope = { actor: c.get('actor'), at: deps.clock().toISOString() };
    try {
      const body =
        which === 'rename'
          ? compact({
              newName: text(form, 'newName'),
              newShortName: optionalText(form, 'newShortName'),
              effectiveDate: text(form, 'effectiveDate'),
            })
          : compact({
              effectiveDate: text(form, 'effectiveDate'),
              successorId: optionalText(form, 'successorId'),
              note: optionalText(form, 'note'),
            });
      const command =
        which === 'rename' ? renameExecutorCommand(envelope, id, body) : liquidateExecutorCommand(envelope, id, body);
      const apiPath = `/v1/executors/${id}/${which === 'rename' ? 'rename' : 'liquidate'}`;
      const result = await executeFromPage(c, deps, command, { apiPath, body, form });
      const done = which === 'rename' ? 'renamed' : 'liquidated';
      return seeOther(c, href(executorPath(id), { done, position: result.lastPosition }));
    } catch (error) {
      const errors = formErrorsOf(error);
      const formKey = errors.code === 'idempotency_key_reused' ? undefined : formKeyOf(form);
      return show(c, which, { ...typed(form), _form: formKey ?? newFormKey(deps) }, errors);
    }
  };
  app.post('/coordinator/executors/:id/rename', write('rename'));
  app.post('/coordinator/executors/:id/liquidation', write('liquidation'));
  return app;
}
