// Sign in with an API key (checked as the API checks a bearer key: known, secret matching,
// not revoked), sign out, and the start page that sends each role to its own.
import { Hono } from 'hono';
import type { ActorRole } from '../../domain/actor';
import { parseToken, secretMatches } from '../../http/api-keys';
import { type ApiDeps, commandsOf } from '../../http/deps';
import type { PageContext, PageEnv } from '../env';
import { text } from '../forms';
import { formOf } from '../guard';
import { type FormErrors, NO_ERRORS } from '../messages';
import { page, seeOther } from '../render';
import {
  clearSessionCookie,
  presignNonce,
  SESSION_IDLE_SECONDS,
  type Signer,
  sessionClaims,
  writeSessionCookie,
} from '../session';
import { ErrorSummary, FormTokens, href, Notice, TextField } from '../ui';

export const HOME: Record<ActorRole, string> = {
  agency: '/agency',
  coordinator: '/coordinator',
  auditor: '/audit/events',
  system: '/report',
};

const REASONS: Record<string, string> = {
  revoked: 'Ключ, с которым вы вошли, отозван или больше не действует. Войдите с другим ключом.',
  expired: 'Сеанс истёк. Войдите снова.',
  unknown: 'Ключ, с которым вы вошли, не найден. Войдите снова.',
  'signed-out': 'Вы вышли.',
  'plan-scoped': 'Ключ, ограниченный отдельными планами, работает только через API.',
};

/** Only a path of these pages: never another site, never a protocol-relative URL. */
export function safeNext(next: string | undefined): string | undefined {
  if (!next || next.length > 500) return undefined;
  return /^\/(agency|coordinator|audit|report)(?:[/?#]|$)/.test(next) && !/[\\]|\/\//.test(next) ? next : undefined;
}

function signInForm(c: PageContext, errors: FormErrors, status: number) {
  const reason = REASONS[c.req.query('reason') ?? ''];
  const next = safeNext(c.req.query('next'));
  return page(
    c,
    'Вход',
    <>
      {reason && <Notice kind={c.req.query('reason') === 'signed-out' ? 'info' : 'warning'}>{reason}</Notice>}
      <p class="lead">
        Войдите с ключом доступа, который выдал координатор. Сеанс длится {SESSION_IDLE_SECONDS / 60} минут без действий
        и не больше 8 часов.
      </p>
      <ErrorSummary errors={errors} labels={{ key: 'Ключ доступа' }} title="Не удалось войти" />
      <form method="post" action={href('/sign-in', { next })} class="stacked" novalidate>
        <FormTokens csrf={c.get('csrf')} />
        <TextField
          name="key"
          label="Ключ доступа"
          type="password"
          autocomplete="off"
          hint="Вида rl_…_…; его показывают один раз при выдаче."
          errors={errors}
          required
        />
        <p class="actions">
          <button type="submit">Войти</button>
        </p>
      </form>
    </>,
    status,
  );
}

const refused = (message: string): FormErrors => ({
  status: 401,
  code: 'unauthorized',
  fields: { key: [message] },
  form: [],
});

export function signInPages(deps: ApiDeps, signer: Signer) {
  const app = new Hono<PageEnv>();
  const presign = async (c: PageContext, next: () => Promise<void>) => {
    c.set('csrf', signer.csrfToken(presignNonce(c)));
    await next();
  };
  app.use('/sign-in', presign);

  app.get('/sign-in', (c) => signInForm(c, NO_ERRORS, 200));

  app.post('/sign-in', async (c) => {
    const form = await formOf(c);
    const parsed = parseToken(text(form, 'key').trim());
    if (!parsed) return signInForm(c, refused('Это не ключ доступа: ключ начинается с rl_.'), 401);
    const key = await commandsOf(deps).apiKey(parsed.keyId, true);
    if (!key || !secretMatches(parsed.secret, key.secretHash)) return signInForm(c, refused('Такого ключа нет.'), 401);
    if (key.revocation) return signInForm(c, refused('Этот ключ отозван.'), 401);
    if (key.planIds !== null) {
      return signInForm(c, refused('Ключ ограничен отдельными планами: с ним можно работать только через API.'), 403);
    }
    const now = Math.floor(deps.clock().getTime() / 1000);
    writeSessionCookie(c, signer, sessionClaims(key.keyId, now), now);
    c.get('logger').info('signed in to the pages', { keyId: key.keyId, role: key.role });
    return seeOther(c, safeNext(c.req.query('next')) ?? HOME[key.role]);
  });

  app.post('/sign-out', (c) => {
    clearSessionCookie(c);
    return seeOther(c, href('/sign-in', { reason: 'signed-out' }));
  });

  app.get('/', (c) => seeOther(c, HOME[c.get('actor').role]));
  return app;
}
