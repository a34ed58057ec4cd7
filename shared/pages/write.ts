// A page's write: the command built as the API route builds it, executed through the
// process's one command path with the signed-in key as the credential (its commit checks
// the key still holds). The form carries a key of its own (`_form`), the page's
// Idempotency-Key: sending the same form twice (a double click, a reload) writes once.
import type { DomainCommand } from '../domain';
import { idFromKey, requestFingerprint } from '../http/command-route';
import { type ApiDeps, commandsOf } from '../http/deps';
import type { AppendResult } from '../store/event-store';
import type { PageContext, PageForm } from './env';

const FORM_KEY = /^[A-Za-z0-9_-]{16,64}$/;

/** A new form key, for a form about to be shown. */
export const newFormKey = (deps: ApiDeps) => deps.newId().replace(/[^A-Za-z0-9]/g, '');

/** The form's key, when it sent a well-formed one. */
export function formKeyOf(form: PageForm): string | undefined {
  const key = form._form;
  return typeof key === 'string' && FORM_KEY.test(key) ? key : undefined;
}

/** An id derived from the form's key (as the API derives one from an Idempotency-Key), or a fresh one. */
export function idForForm(c: PageContext, deps: ApiDeps, form: PageForm, salt: string): string {
  const key = formKeyOf(form);
  return key ? idFromKey(salt, c.get('actor').keyId, key) : deps.newId().replace(/-/g, '').slice(0, 20);
}

/**
 * Executes `command` as the API route for `apiPath` would, with the same fingerprint,
 * so a page's form and a JSON request are the same request when their keys agree.
 */
export async function executeFromPage(
  c: PageContext,
  deps: ApiDeps,
  command: DomainCommand,
  request: { apiPath: string; body: unknown; form: PageForm },
): Promise<AppendResult> {
  const keyId = command.actor.keyId;
  const formKey = formKeyOf(request.form);
  const result = await commandsOf(deps).execute(command, {
    commandId: formKey ? `key:${keyId}:page-${formKey}` : `request:${c.get('requestId')}`,
    fingerprint: requestFingerprint('POST', request.apiPath, request.body, keyId),
    correlationId: c.get('requestId'),
    recordedAt: command.at,
    credential: { keyId },
  });
  deps.onAppended?.(result.lastPosition);
  return result;
}
