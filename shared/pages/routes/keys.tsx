// API keys: who has (had) access, issuing one (its secret shown once, on the answer to
// the form, never stored or shown again) and revoking one with a reason.
import { Hono } from 'hono';
import { MAX_REASON_LENGTH, MAX_SHORT_TEXT_LENGTH } from '../../domain/limits';
import { newApiKey } from '../../http/api-keys';
import type { ApiDeps } from '../../http/deps';
import { issueApiKeyCommand, revokeApiKeyCommand } from '../../http/routes/keys';
import { listApiKeys, listExecutors } from '../../views/queries';
import type { PageContext, PageEnv } from '../env';
import { formatInstant, ROLE_NAMES } from '../format';
import { compact, optionalText, text, typed } from '../forms';
import { formOf } from '../guard';
import { type FormErrors, formErrorsOf, NO_ERRORS } from '../messages';
import { ID_PATTERN, intQuery, liveState, textQuery } from '../read';
import { page, seeOther } from '../render';
import { ErrorSummary, FormTokens, href, Notice, Pager, SelectField, Status, TextField } from '../ui';
import { executeFromPage, formKeyOf, newFormKey } from '../write';

const ISSUE_LABELS = { role: 'Роль', executorId: 'Исполнитель', label: 'Подпись ключа' };

interface Shown {
  /** Which form the errors and values belong to: 'issue' or a key id. */
  which?: string;
  values: Record<string, string>;
  errors: FormErrors;
  issued?: { token: string | null; keyId: string; role: string; executorId?: string | undefined; position: number };
}

export function keyPages(deps: ApiDeps) {
  const app = new Hono<PageEnv>();

  const show = async (c: PageContext, shown: Shown) => {
    const position = shown.issued?.position ?? intQuery(c, 'position');
    const state = await liveState(c, deps, position);
    const [keys, directory] = await Promise.all([
      listApiKeys(state.views, { after: textQuery(c, 'after', ID_PATTERN), limit: 100 }),
      listExecutors(state.views, { limit: 1000 }),
    ]);
    const names = new Map(directory.items.map((x) => [x.executorId, x.fullName]));
    const errorsOf = (which: string) => (shown.which === which ? shown.errors : NO_ERRORS);
    const valuesOf = (which: string) => (shown.which === which ? shown.values : {});
    const keyFor = (which: string) => (shown.which === which && shown.values._form) || newFormKey(deps);
    const revoked = c.req.query('revoked');
    const { issued } = shown;
    return page(
      c,
      'Ключи доступа',
      <>
        {issued?.token && (
          <Notice kind="success">
            <p>
              Ключ выдан ({ROLE_NAMES[issued.role]}
              {issued.executorId ? `, ${names.get(issued.executorId) ?? issued.executorId}` : ''}). Передайте его
              получателю: он показан только сейчас и нигде не хранится.
            </p>
            <label for="issued-token">Ключ</label>
            <input id="issued-token" class="secret" type="text" readonly value={issued.token} />
            <p class="meta">Позиция в журнале: {issued.position}.</p>
          </Notice>
        )}
        {issued && !issued.token && (
          <Notice kind="warning">
            Эта форма уже была отправлена, и ключ тогда выдан. Показать его снова нельзя: выдайте новый и отзовите
            прежний.
          </Notice>
        )}
        {shown.which && shown.which !== 'issue' && (
          <ErrorSummary
            errors={shown.errors}
            labels={{ reason: 'Причина отзыва' }}
            ids={{ reason: `f-revoke-${shown.which}` }}
          />
        )}
        {revoked && position !== undefined && (
          <Notice kind="success">
            Ключ <span class="mono">{revoked}</span> отозван. Позиция в журнале: {position}.
          </Notice>
        )}
        <section aria-labelledby="issue">
          <h2 id="issue">Выдать ключ</h2>
          <ErrorSummary errors={errorsOf('issue')} labels={ISSUE_LABELS} />
          <form method="post" action="/coordinator/keys" class="stacked keyform" novalidate>
            <FormTokens csrf={c.get('csrf')} formKey={keyFor('issue')} />
            <SelectField
              name="role"
              label={ISSUE_LABELS.role}
              value={valuesOf('issue').role ?? 'agency'}
              errors={errorsOf('issue')}
              required
              options={[
                { value: 'agency', label: 'ведомство-исполнитель' },
                { value: 'coordinator', label: 'координатор' },
                { value: 'auditor', label: 'аудитор' },
              ]}
            />
            <SelectField
              name="executorId"
              label={ISSUE_LABELS.executorId}
              hint="Только для ключа ведомства."
              value={valuesOf('issue').executorId}
              errors={errorsOf('issue')}
              options={[
                { value: '', label: '— не нужен —' },
                ...directory.items
                  .filter((x) => x.status === 'active')
                  .map((x) => ({ value: x.executorId, label: x.fullName })),
              ]}
            />
            <TextField
              name="label"
              label={ISSUE_LABELS.label}
              hint="Кому и для чего, например «Комитет по туризму, Иванова»."
              value={valuesOf('issue').label}
              errors={errorsOf('issue')}
              required
              maxlength={MAX_SHORT_TEXT_LENGTH}
            />
            <p class="actions">
              <button type="submit">Выдать ключ</button>
            </p>
          </form>
        </section>
        <h2>Выданные ключи</h2>
        <table class="stack">
          <caption>Кто имеет (имел) доступ</caption>
          <thead>
            <tr>
              <th scope="col">Ключ</th>
              <th scope="col">Роль</th>
              <th scope="col">Выдан</th>
              <th scope="col">Статус</th>
            </tr>
          </thead>
          <tbody>
            {keys.items.map((key) => (
              <tr>
                <td data-label="Ключ">
                  {key.label}
                  <br />
                  <span class="meta mono">{key.keyId}</span>
                </td>
                <td data-label="Роль">
                  {ROLE_NAMES[key.role] ?? key.role}
                  {key.executorId ? `: ${names.get(key.executorId) ?? key.executorId}` : ''}
                </td>
                <td data-label="Выдан">
                  {formatInstant(key.issuedAt)}
                  <br />
                  <span class="meta">
                    {ROLE_NAMES[key.issuedBy.role] ?? key.issuedBy.role} {key.issuedBy.keyId}
                  </span>
                </td>
                <td data-label="Статус">
                  {key.revoked ? (
                    <>
                      <Status kind="neutral">отозван {formatInstant(key.revoked.at)}</Status>
                      <br />
                      <span class="meta">{key.revoked.reason}</span>
                    </>
                  ) : (
                    <>
                      <Status kind="ok">действует</Status>
                      <RevokeForm
                        c={c}
                        keyId={key.keyId}
                        label={key.label}
                        errors={errorsOf(key.keyId)}
                        values={valuesOf(key.keyId)}
                        formKey={keyFor(key.keyId)}
                      />
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {keys.next !== null && <Pager path="/coordinator/keys" query={{ after: keys.next }} />}
      </>,
      shown.errors.status === 200 ? 200 : shown.errors.status,
    );
  };

  app.get('/coordinator/keys', (c) => show(c, { values: {}, errors: NO_ERRORS }));

  app.post('/coordinator/keys', async (c) => {
    const form = await formOf(c);
    const body = compact({
      role: text(form, 'role'),
      executorId: optionalText(form, 'executorId'),
      label: text(form, 'label'),
    });
    try {
      const key = newApiKey();
      const command = issueApiKeyCommand({ actor: c.get('actor'), at: deps.clock().toISOString() }, key, body);
      const result = await executeFromPage(c, deps, command, { apiPath: '/v1/keys', body, form });
      // Shown on this answer, never on a page one could reload or link to.
      return show(c, {
        values: {},
        errors: NO_ERRORS,
        issued: {
          token: result.duplicate ? null : key.token,
          keyId: result.streamId.replace(/^apikey-/, ''),
          role: command.role,
          executorId: command.executorId,
          position: result.lastPosition,
        },
      });
    } catch (error) {
      const errors = formErrorsOf(error);
      const formKey = errors.code === 'idempotency_key_reused' ? undefined : formKeyOf(form);
      return show(c, { which: 'issue', values: { ...typed(form), _form: formKey ?? newFormKey(deps) }, errors });
    }
  });

  app.post('/coordinator/keys/:keyId/revoke', async (c) => {
    const keyId = c.req.param('keyId');
    const form = await formOf(c);
    const body = { reason: text(form, 'reason') };
    try {
      const command = revokeApiKeyCommand({ actor: c.get('actor'), at: deps.clock().toISOString() }, keyId, body);
      const result = await executeFromPage(c, deps, command, { apiPath: `/v1/keys/${keyId}/revoke`, body, form });
      return seeOther(c, href('/coordinator/keys', { revoked: keyId, position: result.lastPosition }));
    } catch (error) {
      const errors = formErrorsOf(error);
      const formKey = errors.code === 'idempotency_key_reused' ? undefined : formKeyOf(form);
      return show(c, { which: keyId, values: { ...typed(form), _form: formKey ?? newFormKey(deps) }, errors });
    }
  });
  return app;
}

function RevokeForm(props: {
  c: PageContext;
  keyId: string;
  label: string;
  errors: FormErrors;
  values: Record<string, string>;
  formKey: string;
}) {
  const id = `f-revoke-${props.keyId}`;
  return (
    <form method="post" action={`/coordinator/keys/${encodeURIComponent(props.keyId)}/revoke`} novalidate>
      <FormTokens csrf={props.c.get('csrf')} formKey={props.formKey} />
      <TextField
        name="reason"
        id={id}
        label={`Причина отзыва ключа «${props.label}»`}
        value={props.values.reason}
        errors={props.errors}
        required
        maxlength={MAX_REASON_LENGTH}
      />
      <button type="submit" class="danger">
        Отозвать
      </button>
    </form>
  );
}
