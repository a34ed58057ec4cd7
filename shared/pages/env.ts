// The Hono environment of the pages: the API's (request id, logger, actor) and the session.
import type { Context } from 'hono';
import type { ApiVariables } from '../http/env';
import type { SessionClaims } from './session';

export interface PageVariables extends ApiVariables {
  /** Set by the session middleware on every page but the sign-in form. */
  session: SessionClaims;
  /** The key's label, shown beside the role. */
  keyLabel: string;
  /** The token every form of this session carries. */
  csrf: string;
  /** The form fields, parsed once (the CSRF check reads them before the handler). */
  form: PageForm;
}

export type PageForm = Record<string, string | File | Array<string | File>>;

export interface PageEnv {
  Variables: PageVariables;
}

export type PageContext = Context<PageEnv>;
