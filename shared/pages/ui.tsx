// Form fields and small pieces every page uses. A field's messages come from the API's
// field paths (FormErrors), are tied to it with aria-describedby and repeated in a
// summary at the top that links to each field.
import type { Child } from 'hono/jsx';
import { type FormErrors, messagesFor } from './messages';

/** A field's element id from its name (the API's field path). */
export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

export function FormTokens(props: { csrf: string; formKey?: string | undefined }) {
  return (
    <>
      <input type="hidden" name="_csrf" value={props.csrf} />
      {props.formKey && <input type="hidden" name="_form" value={props.formKey} />}
    </>
  );
}

/** What went wrong, at the top of the form: the form's messages, then each field's, linked. */
export function ErrorSummary(props: {
  errors: FormErrors;
  labels: Record<string, string>;
  /** Element ids of fields whose id is not the default one. */
  ids?: Record<string, string>;
  title?: string;
}) {
  const { errors } = props;
  const fieldLinks = Object.entries(errors.fields).flatMap(([path, texts]) => {
    const target = Object.keys(props.labels).find((name) => path === name || path.startsWith(`${name}.`));
    // A path no field on the form shows (a part of an uploaded document): named, not linked.
    return texts.map((text) =>
      target === undefined
        ? { href: undefined, text, label: path }
        : { href: `#${props.ids?.[target] ?? fieldId(target)}`, text, label: props.labels[target] },
    );
  });
  if (errors.form.length === 0 && fieldLinks.length === 0) return null;
  return (
    <div class="error-summary" tabindex={-1} role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{props.title ?? 'Не удалось сохранить'}</h2>
      <ul>
        {errors.form.map((text) => (
          <li>{text}</li>
        ))}
        {fieldLinks.map((link) => (
          <li>
            {link.href ? (
              <a href={link.href}>
                {link.label}: {link.text}
              </a>
            ) : (
              <>
                <code>{link.label}</code>: {link.text}
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  /** The element id, when the name is not unique on the page (default: from the name). */
  id?: string;
  label: string;
  errors: FormErrors;
  hint?: string;
  required?: boolean;
  /** Paths under this one shown by fields of their own (not repeated here). */
  shown?: readonly string[];
}

function described(props: FieldProps, messages: string[]) {
  const id = props.id ?? fieldId(props.name);
  const ids = [props.hint ? `${id}-hint` : '', messages.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  return {
    id,
    'aria-describedby': ids || undefined,
    'aria-invalid': messages.length ? 'true' : undefined,
  };
}

function FieldShell(props: FieldProps & { messages: string[]; children: Child }) {
  const id = props.id ?? fieldId(props.name);
  return (
    <div class={props.messages.length ? 'field has-error' : 'field'}>
      <label for={id}>
        {props.label}
        {props.required && (
          <span class="req" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.messages.length > 0 && (
        <p class="error" id={`${id}-error`}>
          <span class="visually-hidden">Ошибка: </span>
          {props.messages.join(' ')}
        </p>
      )}
      {props.children}
    </div>
  );
}

export function TextField(
  props: FieldProps & {
    value?: string | undefined;
    type?: 'text' | 'password' | 'date' | 'number';
    autocomplete?: string;
    inputmode?: 'numeric' | 'text';
    min?: number;
    max?: number;
    maxlength?: number;
  },
) {
  const messages = messagesFor(props.errors, props.name, props.shown);
  return (
    <FieldShell {...props} messages={messages}>
      <input
        {...described(props, messages)}
        type={props.type ?? 'text'}
        name={props.name}
        value={props.value ?? ''}
        required={props.required}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        min={props.min}
        max={props.max}
        maxlength={props.maxlength}
      />
    </FieldShell>
  );
}

export function TextArea(props: FieldProps & { value?: string | undefined; maxlength?: number; rows?: number }) {
  const messages = messagesFor(props.errors, props.name, props.shown);
  return (
    <FieldShell {...props} messages={messages}>
      <textarea
        {...described(props, messages)}
        name={props.name}
        required={props.required}
        maxlength={props.maxlength}
        rows={props.rows ?? 6}
      >
        {props.value ?? ''}
      </textarea>
    </FieldShell>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(props: FieldProps & { value?: string | undefined; options: Option[] }) {
  const messages = messagesFor(props.errors, props.name, props.shown);
  return (
    <FieldShell {...props} messages={messages}>
      <select {...described(props, messages)} name={props.name} required={props.required}>
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === (props.value ?? '')}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function Notice(props: { kind: 'success' | 'info' | 'warning'; children: Child }) {
  return (
    <div class={`notice ${props.kind}`} role={props.kind === 'warning' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}

export function Status(props: { kind: 'ok' | 'missing' | 'neutral'; children: Child }) {
  return <span class={`status ${props.kind}`}>{props.children}</span>;
}

/** A link to the next page of a list, keeping the other query parameters. */
export function Pager(props: { path: string; query: Record<string, string | number | undefined>; label?: string }) {
  return (
    <p class="pager">
      <a href={href(props.path, props.query)}>{props.label ?? 'Следующая страница'}</a>
    </p>
  );
}

/** A path with the given query parameters (those undefined or empty left out). */
export function href(path: string, query: Record<string, string | number | boolean | undefined | null> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** The plan a filter or form is for; titles cut to fit a select. */
export function PlanPicker(props: { plans: Array<{ planId: string; title: string }>; planId: string }) {
  return (
    <div class="field">
      <label for="f-plan">План</label>
      <select id="f-plan" name="plan">
        {props.plans.map((p) => (
          <option value={p.planId} selected={p.planId === props.planId}>
            {p.title.length > 80 ? `${p.title.slice(0, 80)}…` : p.title}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A year of the plan (the `year` field). */
export function YearPicker(props: { years: readonly number[]; year: number; id?: string; label?: string }) {
  const id = props.id ?? 'f-year';
  return (
    <div class="field">
      <label for={id}>{props.label ?? 'Год'}</label>
      <select id={id} name="year">
        {props.years.map((y) => (
          <option value={String(y)} selected={y === props.year}>
            {y}
          </option>
        ))}
      </select>
    </div>
  );
}
