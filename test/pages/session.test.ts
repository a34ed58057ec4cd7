// Signing in to the pages: the key becomes a short-lived, signed, HttpOnly, SameSite=Strict
// cookie (Secure outside localhost); the key is checked on every request, so a revoked
// key is signed out at once; every form carries a CSRF token and must come from this site.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseToken } from '../../shared/http/api-keys';
import { importSeed, PLAN } from '../http/support';
import { PageClient, type PagesHarness, pagesHarness, textOf } from './support';

let h: PagesHarness;
let coordinator: string;
let agency: string;

beforeAll(async () => {
  h = await pagesHarness('pages-session');
  await importSeed(h);
  await h.project();
  coordinator = await h.key('coordinator');
  agency = await h.key('agency', 'smolensk-sport-office');
});
afterAll(() => h.close());

const cookieLine = (page: { headers: Headers }) =>
  page.headers.getSetCookie().find((line) => line.includes('rl_session=') && !/max-age=0/i.test(line)) ?? '';

describe('signing in', () => {
  it('sends a visitor without a session to the sign-in form, and back afterwards', async () => {
    const browser = new PageClient(h);
    const first = await browser.get('/agency?year=2023');
    expect(first.status).toBe(303);
    expect(first.location).toBe('/sign-in?next=%2Fagency%3Fyear%3D2023');
    const form = await browser.get(first.location!);
    expect(form.status).toBe(200);
    expect(textOf(form.html)).toContain('Войдите с ключом доступа');
    const signedIn = await browser.submit('/sign-in', { key: agency });
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe('/agency?year=2023');
  });

  it('issues an HttpOnly, SameSite=Strict, short-lived cookie, not Secure on plain-HTTP localhost', async () => {
    const page = await new PageClient(h).signIn(agency);
    const line = cookieLine(page);
    expect(line).toMatch(/^rl_session=/);
    expect(line).toMatch(/HttpOnly/i);
    expect(line).toMatch(/SameSite=Strict/i);
    expect(line).toMatch(/Path=\//);
    expect(line).not.toMatch(/Secure/i);
    expect(Number(/Max-Age=(\d+)/i.exec(line)?.[1])).toBeLessThanOrEqual(30 * 60);
    // The cookie names the key, never its secret.
    expect(line).not.toContain(parseToken(agency)!.secret);
  });

  it('makes the cookie Secure and __Host- bound anywhere else', async () => {
    const browser = new PageClient(h, 'https://ledger.example.org');
    const page = await browser.signIn(agency);
    const line = cookieLine(page);
    expect(line).toMatch(/^__Host-rl_session=/);
    expect(line).toMatch(/; Secure/i);
    expect((await browser.get('/agency')).status).toBe(200);
  });

  it('refuses a wrong, malformed or revoked key in Russian, next to the field', async () => {
    const browser = new PageClient(h);
    await browser.get('/sign-in');
    const wrong = await browser.submit('/sign-in', { key: `${agency.slice(0, -4)}AAAA` });
    expect(wrong.status).toBe(401);
    expect(wrong.html).toMatch(/id="f-key-error"[^>]*>[\s\S]*Такого ключа нет/);
    expect(wrong.html).toContain('aria-invalid="true"');
    const malformed = await browser.submit('/sign-in', { key: 'не ключ' });
    expect(textOf(malformed.html)).toContain('Это не ключ доступа');
    expect(cookieLine(malformed)).toBe('');
  });

  it('sends each role to its own start page', async () => {
    expect((await new PageClient(h).signIn(coordinator)).location).toBe('/coordinator');
    expect((await new PageClient(h).signIn(await h.key('auditor'))).location).toBe('/audit/events');
    const browser = new PageClient(h);
    await browser.signIn(agency);
    expect((await browser.get('/')).location).toBe('/agency');
  });

  it('never follows a `next` off these pages', async () => {
    const browser = new PageClient(h);
    await browser.get('/sign-in?next=//evil.example/agency');
    const page = await browser.submit('/sign-in', { key: agency });
    expect(page.location).toBe('/agency');
  });
});

describe('the session', () => {
  it('ends after 30 minutes without a request, and is renewed by each one', async () => {
    const browser = new PageClient(h);
    await browser.signIn(agency);
    h.advance(20 * 60_000);
    expect((await browser.get('/agency')).status).toBe(200);
    h.advance(20 * 60_000);
    expect((await browser.get('/agency')).status).toBe(200);
    h.advance(31 * 60_000);
    const expired = await browser.get('/agency');
    expect(expired.status).toBe(303);
    expect(expired.location).toMatch(/^\/sign-in\?reason=expired/);
  });

  it('ends 8 hours after signing in, however active', async () => {
    const browser = new PageClient(h);
    await browser.signIn(agency);
    // A request every 25 minutes for 7 h 55 min: never idle long enough to expire.
    for (let step = 0; step < 19; step++) {
      h.advance(25 * 60_000);
      expect((await browser.get('/report')).status).toBe(200);
    }
    h.advance(10 * 60_000);
    expect((await browser.get('/report')).location).toMatch(/reason=expired/);
  });

  it('refuses a cookie whose signature does not match', async () => {
    const browser = new PageClient(h);
    await browser.signIn(agency);
    const value = browser.cookies.get('rl_session')!;
    const [keyId] = value.split('.');
    const coordinatorId = coordinator.split('_')[1]!;
    browser.cookies.set('rl_session', value.replace(keyId!, coordinatorId));
    const page = await browser.get('/coordinator');
    expect(page.status).toBe(303);
    expect(page.location).toMatch(/^\/sign-in/);
  });

  it('signs a revoked key out on its next request', async () => {
    const key = await h.key('agency', 'smolensk-sport-office');
    const browser = new PageClient(h);
    await browser.signIn(key);
    expect((await browser.get('/agency')).status).toBe(200);
    const revoked = await h.call('POST', `/v1/keys/${key.split('_')[1]}/revoke`, coordinator, { reason: 'уволен' });
    expect(revoked.status).toBe(201);
    const page = await browser.get('/agency');
    expect(page.status).toBe(303);
    expect(page.location).toMatch(/^\/sign-in\?reason=revoked/);
    expect(browser.cookies.has('rl_session')).toBe(false);
    expect(textOf((await browser.get(page.location!)).html)).toContain('отозван');
  });

  it('signs out', async () => {
    const browser = new PageClient(h);
    await browser.signIn(agency);
    await browser.get('/agency');
    const out = await browser.submit('/sign-out', {});
    expect(out.location).toBe('/sign-in?reason=signed-out');
    expect(browser.cookies.has('rl_session')).toBe(false);
    expect((await browser.get('/agency')).status).toBe(303);
  });

  it('does not authenticate the JSON API: /v1 wants its bearer key', async () => {
    const browser = new PageClient(h);
    await browser.signIn(agency);
    const response = await h.app.request('http://localhost/v1/me', {
      headers: { cookie: `rl_session=${browser.cookies.get('rl_session')}` },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('forms and headers', () => {
  async function agencyOnMeasure() {
    const browser = new PageClient(h);
    await browser.signIn(agency);
    await browser.get(`/agency/plans/${PLAN}/measures/9.1?year=2023`);
    return browser;
  }
  const entry = { 'period.kind': 'day', 'period.date': '2023-06-01', text: 'Турнир по самбо в г. Смоленске' };

  it('refuses a form without the session’s token, and writes nothing', async () => {
    const browser = await agencyOnMeasure();
    const before = await h.system.store.head();
    const page = await browser.post(`/agency/plans/${PLAN}/measures/9.1`, entry);
    expect(page.status).toBe(403);
    expect(textOf(page.html)).toContain('Форма устарела');
    const other = new PageClient(h);
    await other.signIn(agency);
    await other.get('/agency');
    const foreign = await browser.post(`/agency/plans/${PLAN}/measures/9.1`, {
      ...entry,
      _csrf: /name="_csrf" value="([^"]+)"/.exec(other.last!.html)![1]!,
    });
    expect(foreign.status).toBe(403);
    expect((await h.system.store.head()).position).toBe(before.position);
  });

  it('refuses a form posted from another site, token or not', async () => {
    const browser = await agencyOnMeasure();
    const before = await h.system.store.head();
    const form = /name="_csrf" value="([^"]+)"/.exec(browser.last!.html)![1]!;
    const page = await browser.post(
      `/agency/plans/${PLAN}/measures/9.1`,
      { ...entry, _csrf: form },
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    );
    expect(page.status).toBe(403);
    expect((await h.system.store.head()).position).toBe(before.position);
  });

  it('sends a Content-Security-Policy without inline scripts, and no inline script at all', async () => {
    const browser = await agencyOnMeasure();
    const page = browser.last!;
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page.html).not.toMatch(/\son[a-z]+="/);
    expect(page.html).not.toMatch(/style="/);
  });

  it('shows another role’s pages as 403, in Russian', async () => {
    const browser = new PageClient(h);
    await browser.signIn(agency);
    const page = await browser.get('/coordinator/keys');
    expect(page.status).toBe(403);
    expect(textOf(page.html)).toContain('Нет доступа');
    expect((await browser.get('/audit/events')).status).toBe(403);
  });

  it('answers an unknown page path with a page, and leaves the API’s 404 as problem details', async () => {
    const browser = new PageClient(h);
    await browser.signIn(coordinator);
    const page = await browser.get('/coordinator/nothing-here');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
    const api = await h.call('GET', '/v1/nothing', coordinator);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
  });
});
