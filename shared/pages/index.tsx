// The web pages, mounted on the API's app: the same deps, the same command path, the
// same views. Each page path gets, in order: errors as pages, security headers, a body
// limit, the session (except the sign-in form) and CSRF on every form.
import { randomBytes } from 'node:crypto';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { limitBody } from '../http/body-limit';
import type { ApiDeps } from '../http/deps';
import { MAX_DOCX_BODY_BYTES } from '../http/import-limits';
import { ASSET_PATHS, PAGES_CSS, PAGES_JS } from './assets';
import type { PageEnv } from './env';
import { csrfGuard, errorPages, pageHeaders, sessionGuard } from './guard';
import { ASSET_ROUTE, PAGE_PATHS, SECTIONS, SIGNED_IN_PATHS } from './paths';
import { page } from './render';
import { agencyPages } from './routes/agency';
import { agencyEntryPages } from './routes/agency-entry';
import { auditPages } from './routes/audit';
import { auditStatePages } from './routes/audit-state';
import { coordinatorPages } from './routes/coordinator';
import { executorPages } from './routes/executors';
import { importPages } from './routes/import';
import { keyPages } from './routes/keys';
import { publicationPages } from './routes/publications';
import { reportPages } from './routes/report';
import { signInPages } from './routes/sign-in';
import { Signer } from './session';

/**
 * A form holds at most an entry's text (10,000 characters: 60 KB of Cyrillic once
 * percent-encoded) and a reason; an import upload may be as large as POST /v1/import/docx takes.
 */
const MAX_FORM_BYTES = 256 * 1024;
const MAX_UPLOAD_BYTES = MAX_DOCX_BODY_BYTES + 64 * 1024;
const UPLOAD_PATH = '/coordinator/import';

/** A session secret for a process that was given none: sessions end when it does. */
export const newSessionSecret = () => randomBytes(32).toString('base64url');

/** The pages as a sub-app to mount at `/` (its middleware names its paths, so /v1 is untouched). */
export function pageRoutes(deps: ApiDeps): Hono<PageEnv> {
  const signer = new Signer(deps.pagesSessionSecret ?? newSessionSecret());
  const pages = new Hono<PageEnv>();
  const use = (paths: string[], ...handlers: MiddlewareHandler<PageEnv>[]) => {
    for (const path of paths) pages.use(path, ...handlers);
  };
  use(PAGE_PATHS, errorPages(), pageHeaders(), limitBodies());
  use(SIGNED_IN_PATHS, sessionGuard(deps, signer));
  use(PAGE_PATHS, ...csrfGuard(signer));

  pages.get(ASSET_ROUTE, (c) => {
    const path = c.req.path;
    const [body, type] =
      path === ASSET_PATHS.css ? [PAGES_CSS, 'text/css'] : path === ASSET_PATHS.js ? [PAGES_JS, 'text/javascript'] : [];
    if (!body) return c.notFound();
    c.header('cache-control', 'public, max-age=31536000, immutable');
    c.header('x-content-type-options', 'nosniff');
    return c.body(body, 200, { 'content-type': `${type}; charset=utf-8` });
  });

  for (const sub of [
    signInPages(deps, signer),
    agencyPages(deps),
    agencyEntryPages(deps),
    coordinatorPages(deps),
    executorPages(deps),
    keyPages(deps),
    importPages(deps),
    publicationPages(deps),
    auditPages(deps),
    auditStatePages(deps),
    reportPages(deps),
  ]) {
    pages.route('/', sub);
  }
  // A page path that names nothing: a page, not the API's problem document.
  for (const section of SECTIONS) {
    pages.all(`${section}/*`, (c) => page(c, 'Не найдено', <p>Такой страницы нет.</p>, 404));
  }
  return pages;
}

function limitBodies(): MiddlewareHandler<PageEnv> {
  const limit = (maxSize: number) =>
    limitBody<Context<PageEnv>>(maxSize, (c) =>
      page(c, 'Слишком большой запрос', <p>Данных больше, чем принимает эта форма.</p>, 413),
    );
  const forms = limit(MAX_FORM_BYTES);
  const uploads = limit(MAX_UPLOAD_BYTES);
  return (c, next) => (c.req.path === UPLOAD_PATH ? uploads(c, next) : forms(c, next));
}
