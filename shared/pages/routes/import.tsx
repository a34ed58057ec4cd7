// Import upload: an import document (JSON, as POST /v1/import takes) or a yearly report
// written in Word (as POST /v1/import/docx takes), applied step by step through the
// command path with the signed-in key; the answer lists what became of each step.
import { Hono } from 'hono';
import { type ImportReport, runImport, type StepOutcome } from '../../commands/run-import';
import { requireRole } from '../../domain';
import { ValidationError } from '../../errors';
import type { ApiDeps } from '../../http/deps';
import { type DocxImportResult, importDocx, readDirectory } from '../../import/docx';
import type { PageEnv } from '../env';
import { formatCount } from '../format';
import { text } from '../forms';
import { formOf } from '../guard';
import { type FormErrors, formErrorsOf, NO_ERRORS } from '../messages';
import { page } from '../render';
import { ErrorSummary, FormTokens, TextArea, TextField } from '../ui';

/** An import document may be as large as POST /v1/import takes. */
const MAX_JSON_BYTES = 2 * 1024 * 1024;
const LABELS = { file: 'Файл', plan: 'План', map: 'Сопоставление исполнителей' };

interface Step {
  step: number;
  label: string;
  outcome: StepOutcome;
}

const OUTCOME_TEXT = { applied: 'записано', unchanged: 'уже было' } as const;

function uploadForm(csrf: string, errors: FormErrors, values: Record<string, string>) {
  return (
    <>
      <ErrorSummary errors={errors} labels={LABELS} title="Не удалось загрузить" />
      <form method="post" action="/coordinator/import" enctype="multipart/form-data" class="stacked" novalidate>
        <FormTokens csrf={csrf} />
        <div class={errors.fields.file ? 'field has-error' : 'field'}>
          <label for="f-file">Файл</label>
          <p class="hint" id="f-file-hint">
            Документ импорта (JSON, до 2 МБ) или ежегодный отчёт в Word (.docx, до 4 МБ). Повторная загрузка того же
            файла ничего не меняет.
          </p>
          {errors.fields.file && (
            <p class="error" id="f-file-error">
              <span class="visually-hidden">Ошибка: </span>
              {errors.fields.file.join(' ')}
            </p>
          )}
          <input
            id="f-file"
            type="file"
            name="file"
            accept=".json,.docx,application/json"
            required
            aria-describedby={errors.fields.file ? 'f-file-hint f-file-error' : 'f-file-hint'}
            aria-invalid={errors.fields.file ? 'true' : undefined}
          />
        </div>
        <fieldset>
          <legend>Только для отчёта в Word</legend>
          <TextField
            name="plan"
            label={LABELS.plan}
            hint="Идентификатор плана; по умолчанию — план с тем же названием."
            value={values.plan}
            errors={errors}
          />
          <TextArea
            name="map"
            label={LABELS.map}
            rows={3}
            value={values.map}
            errors={errors}
            hint="По строке на исполнителя, которого нет в справочнике: «наименование как в файле=идентификатор»."
          />
          <div class="check">
            <input type="checkbox" id="f-dryRun" name="dryRun" value="true" checked={values.dryRun === 'true'} />
            <label for="f-dryRun">Только показать, что изменится (ничего не записывать)</label>
          </div>
        </fieldset>
        <p class="actions">
          <button type="submit">Загрузить</button>
        </p>
      </form>
    </>
  );
}

function Steps(props: { steps: Step[]; refused: Set<number> }) {
  return (
    <table class="stack">
      <caption>Шаги импорта</caption>
      <thead>
        <tr>
          <th scope="col">№</th>
          <th scope="col">Шаг</th>
          <th scope="col">Результат</th>
        </tr>
      </thead>
      <tbody>
        {props.steps.map(({ step, label, outcome }) => (
          <tr>
            <td data-label="№">{step}</td>
            <td data-label="Шаг">{label}</td>
            <td data-label="Результат">
              {outcome.status === 'refused' && props.refused.has(step) ? (
                <>
                  отклонено: {outcome.message} (<code>{outcome.code}</code>)
                </>
              ) : outcome.status === 'refused' ? (
                OUTCOME_TEXT.unchanged
              ) : (
                `${OUTCOME_TEXT[outcome.status]}, позиция ${outcome.position}`
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Summary(props: { report: Pick<ImportReport, 'steps' | 'applied' | 'unchanged' | 'refused'> }) {
  const { report } = props;
  return (
    <p role="status">
      Шагов: {formatCount(report.steps)}; записано: {formatCount(report.applied)}; уже было:{' '}
      {formatCount(report.unchanged)}; отклонено: {formatCount(report.refused.length)}.
    </p>
  );
}

function DocxResult(props: { result: DocxImportResult }) {
  const { result } = props;
  const { changes } = result;
  return (
    <>
      <p>
        План <span class="mono">{result.planId}</span>, {result.year} год
        {result.dryRun ? ' — пробный разбор, ничего не записано' : ''}. Новых исполнителей:{' '}
        {changes.executors.new.length}, разделов: {changes.sections.new.length}, мероприятий:{' '}
        {changes.measures.new.length}, записей: {changes.entries.new.length} (уже есть: {changes.entries.present.length}
        ).
      </p>
      {result.findings.length > 0 && (
        <table class="stack">
          <caption>Замечания к файлу</caption>
          <thead>
            <tr>
              <th scope="col">Где</th>
              <th scope="col">Что</th>
            </tr>
          </thead>
          <tbody>
            {result.findings.map((f) => (
              <tr>
                <td data-label="Где">{f.where}</td>
                <td data-label="Что">
                  {f.message} <code>{f.code}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b;

export function importPages(deps: ApiDeps) {
  const app = new Hono<PageEnv>();
  app.get('/coordinator/import', (c) => page(c, 'Импорт', uploadForm(c.get('csrf'), NO_ERRORS, {})));

  app.post('/coordinator/import', async (c) => {
    const form = await formOf(c);
    const actor = c.get('actor');
    const values = { plan: text(form, 'plan'), map: text(form, 'map'), dryRun: text(form, 'dryRun') };
    const steps: Step[] = [];
    const options = {
      actor,
      at: deps.clock().toISOString(),
      correlationId: c.get('requestId'),
      credential: { keyId: actor.keyId },
      onProgress: (step: number, _total: number, label: string, outcome: StepOutcome) => {
        steps.push({ step, label, outcome });
      },
    };
    try {
      requireRole(actor, ['coordinator'], 'import');
      const file = form.file;
      if (!(file instanceof File) || file.size === 0) {
        throw new ValidationError('Choose a file.', [{ path: 'file', message: 'one file is required' }]);
      }
      const bytes = new Uint8Array(await file.arrayBuffer());
      let body: unknown;
      if (isZip(bytes)) {
        const directory = await readDirectory(await deps.views());
        const plan = values.plan.trim();
        const result = await importDocx(deps.store, directory, bytes, {
          ...options,
          dryRun: values.dryRun === 'true',
          map: values.map.split(/\r?\n/).filter((line) => line.trim() !== ''),
          ...(plan ? { planId: plan } : {}),
        });
        if (result.result?.lastPosition) deps.onAppended?.(result.result.lastPosition);
        const refused = new Set(result.result?.refused.map((r) => r.step) ?? []);
        body = (
          <>
            <DocxResult result={result} />
            {result.result && <Summary report={result.result} />}
            {steps.length > 0 && <Steps steps={steps} refused={refused} />}
          </>
        );
      } else {
        if (bytes.byteLength > MAX_JSON_BYTES) {
          throw new ValidationError('Too large.', [{ path: 'file', message: 'Too big: at most 2 MiB' }]);
        }
        const document = parseJson(bytes);
        const report = await runImport(deps.store, document, options);
        if (report.lastPosition !== null) deps.onAppended?.(report.lastPosition);
        body = (
          <>
            <Summary report={report} />
            <Steps steps={steps} refused={new Set(report.refused.map((r) => r.step))} />
          </>
        );
      }
      return page(
        c,
        'Импорт: результат',
        <>
          {body}
          <p>
            <a href="/coordinator/import">Загрузить ещё файл</a> · <a href="/coordinator">Ход исполнения</a>
          </p>
        </>,
      );
    } catch (error) {
      const errors = formErrorsOf(error);
      return page(c, 'Импорт', uploadForm(c.get('csrf'), errors, values), errors.status);
    }
  });
  return app;
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new ValidationError('Not an import document.', [], 'not_an_import');
  }
}
