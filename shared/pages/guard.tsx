// What stands in front of every page: security headers, the session (the key checked
// again on every request, through the command path), CSRF on every form, the role a
// page is for, and errors shown as pages in Russian rather than problem details.
import type { MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { ActorRole } from '../domain/actor';
import { AppError } from '../errors';
import { actorOfKey } from '../http/auth';
import { type ApiDeps, commandsOf } from '../http/deps';
import type { PageContext, PageEnv, PageForm } from './env';
import { codeMessage } from './messages';
import { page } from './render';
import {
  clearSessionCookie,
  presignNonce,
  readSessionCookie,
  type Signer,
  sessionClaims,
  writeSessionCookie,
} from './session';
import { href } from './ui';

/** The pages' policy: scripts, styles and frames from this origin only; nothing inline. */
export const PAGE_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  frameSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  objectSrc: ["'none'"],
};

export const pageHeaders = (): MiddlewareHandler<PageEnv> =>
  secureHeaders({
    contentSecurityPolicy: PAGE_CSP,
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
    // A route that sets its own (the embedded report) keeps it.
    overwrite: false,
  });

const nowSeconds = (deps: ApiDeps) => Math.floor(deps.clock().getTime() / 1000);

/** Where a request without a valid session is sent: the sign-in form, back here afterwards. */
function toSignIn(c: PageContext, reason: string | undefined): Response {
  clearSessionCookie(c);
  c.header('cache-control', 'no-store');
  const next = c.req.method === 'GET' ? c.req.path + (new URL(c.req.url).search || '') : undefined;
  return c.redirect(href('/sign-in', { reason, next: next === '/' ? undefined : next }), 303);
}

/** A signed, unexpired cookie naming a key that is still valid (read fresh from its stream). */
export function sessionGuard(deps: ApiDeps, signer: Signer): MiddlewareHandler<PageEnv> {
  return async (c, next) => {
    const now = nowSeconds(deps);
    const cookie = readSessionCookie(c);
    const claims = signer.open(cookie, now);
    if (!claims) return toSignIn(c, cookie ? 'expired' : undefined);
    const key = await commandsOf(deps).apiKey(claims.keyId, true);
    if (!key) return toSignIn(c, 'unknown');
    if (key.revocation) return toSignIn(c, 'revoked');
    // The pages read plans straight from the views, so a key limited to plans stays with the API.
    if (key.planIds !== null) return toSignIn(c, 'plan-scoped');
    c.set('actor', actorOfKey(key));
    c.set('logger', c.get('logger').child({ keyId: key.keyId, role: key.role, via: 'pages' }));
    c.set('session', claims);
    c.set('keyLabel', key.label);
    c.set('csrf', signer.csrfToken(claims.nonce));
    writeSessionCookie(c, signer, sessionClaims(claims.keyId, now, claims), now);
    await next();
  };
}

/** The form's fields, parsed once for the CSRF check and the handler. */
export async function formOf(c: PageContext): Promise<PageForm> {
  const cached = c.get('form');
  if (cached) return cached;
  let form: PageForm;
  try {
    form = (await c.req.parseBody({ all: true })) as PageForm;
  } catch {
    throw new HTTPException(400, { message: 'The form could not be read.' });
  }
  c.set('form', form);
  return form;
}

class CsrfError extends AppError {
  readonly status = 403;
}

/**
 * Every form: the browser says it comes from this origin (hono/csrf: Origin or
 * Sec-Fetch-Site), and it carries the token of this session (or of the sign-in form).
 */
export function csrfGuard(signer: Signer): MiddlewareHandler<PageEnv>[] {
  return [
    csrf(),
    async (c, next) => {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
      const form = await formOf(c);
      const token = typeof form._csrf === 'string' ? form._csrf : undefined;
      const nonce = c.get('session')?.nonce ?? presignNonce(c);
      if (!signer.csrfMatches(nonce, token)) {
        throw new CsrfError('csrf_failed', 'The form does not carry this session’s token.');
      }
      return next();
    },
  ];
}

export function roleGuard(...roles: ActorRole[]): MiddlewareHandler<PageEnv> {
  return async (c, next) => {
    const actor = c.get('actor');
    if (!roles.includes(actor.role)) {
      return page(
        c,
        'Нет доступа',
        <p>
          Эта страница не для роли, с которой вы вошли. <a href="/">На главную</a>
        </p>,
        403,
      );
    }
    return next();
  };
}

const ERROR_TITLES: Record<number, string> = {
  400: 'Неверный запрос',
  403: 'Нет доступа',
  404: 'Не найдено',
  405: 'Недоступно',
  413: 'Слишком большой запрос',
  503: 'Сервис временно недоступен',
};

/** Errors on a page path become pages (the API's onError answered problem details). */
export function errorPages(): MiddlewareHandler<PageEnv> {
  return async (c, next) => {
    await next();
    const error = c.error;
    if (!error) return;
    const status = error instanceof AppError || error instanceof HTTPException ? error.status : 500;
    const code = error instanceof AppError ? error.code : status === 403 ? 'csrf_failed' : `http_${status}`;
    if (status === 401) {
      c.res = toSignIn(c, 'revoked');
      return;
    }
    const title = ERROR_TITLES[status] ?? 'Ошибка на нашей стороне';
    const text =
      code === 'csrf_failed'
        ? 'Форма устарела или пришла не с этого сайта. Откройте страницу заново и повторите.'
        : status >= 500 && status !== 503
          ? 'Что-то пошло не так. Сообщите администратору номер запроса.'
          : codeMessage(code);
    c.res = await page(
      c,
      title,
      <>
        <p>{text}</p>
        <p class="muted">
          Код: <code>{code}</code>, номер запроса: <code>{c.get('requestId')}</code>
        </p>
        <p>
          <a href="/">На главную</a>
        </p>
      </>,
      status,
    );
  };
}
