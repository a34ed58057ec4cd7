// The pages' sign-in: an API key, checked once, becomes a short-lived cookie naming the
// key (never its secret), signed with a secret the app is given. The key's status is
// checked again on every request (pages/auth.ts), so a revoked key is signed out at once.
// The same secret signs the forms' CSRF tokens, bound to the session's nonce.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/** Signed out after this long without a request… */
export const SESSION_IDLE_SECONDS = 30 * 60;
/** …and this long after signing in, whatever happens. */
export const SESSION_MAX_SECONDS = 8 * 60 * 60;

export interface SessionClaims {
  keyId: string;
  /** Unix seconds. */
  signedInAt: number;
  expiresAt: number;
  /** Random per sign-in: what the CSRF tokens are bound to. */
  nonce: string;
}

const CLAIMS = /^([a-z0-9]{8,40})\.(\d{1,12})\.(\d{1,12})\.([A-Za-z0-9_-]{16,64})$/;
const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

export const newNonce = () => randomBytes(18).toString('base64url');

export class Signer {
  private readonly key: Buffer;

  constructor(secret: string | Uint8Array) {
    this.key = Buffer.from(secret);
    if (this.key.length < 32) throw new Error('the pages session secret must be at least 32 bytes');
  }

  private mac(purpose: string, value: string): string {
    return createHmac('sha256', this.key).update(`${purpose}\u0000${value}`).digest('base64url');
  }

  private matches(expected: string, given: string): boolean {
    const a = Buffer.from(expected);
    const b = Buffer.from(given);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  seal(claims: SessionClaims): string {
    const value = `${claims.keyId}.${claims.signedInAt}.${claims.expiresAt}.${claims.nonce}`;
    return `${value}.${this.mac('session', value)}`;
  }

  /** The claims of a cookie value signed here and not expired at `now` (Unix seconds); null otherwise. */
  open(sealed: string | undefined, now: number): SessionClaims | null {
    if (!sealed || sealed.length > 300) return null;
    const at = sealed.lastIndexOf('.');
    const value = sealed.slice(0, at);
    if (at < 0 || !this.matches(this.mac('session', value), sealed.slice(at + 1))) return null;
    const match = CLAIMS.exec(value);
    if (!match) return null;
    const claims = {
      keyId: match[1]!,
      signedInAt: Number(match[2]),
      expiresAt: Number(match[3]),
      nonce: match[4]!,
    };
    const fresh = claims.expiresAt > now && now - claims.signedInAt < SESSION_MAX_SECONDS;
    return fresh ? claims : null;
  }

  /** The CSRF token of forms in a session (or before one, of the sign-in form). */
  csrfToken(nonce: string): string {
    return this.mac('csrf', nonce);
  }

  csrfMatches(nonce: string, token: string | undefined): boolean {
    return typeof token === 'string' && NONCE.test(nonce) && this.matches(this.mac('csrf', nonce), token);
  }
}

/** Cookies are Secure except on plain-HTTP localhost (npm start), where a browser would drop them. */
export function isLocalHttp(c: Context): boolean {
  const url = new URL(c.req.url);
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

const SESSION_COOKIE = 'rl_session';
const PRESIGN_COOKIE = 'rl_presign';

function cookieOptions(c: Context, maxAge: number) {
  const local = isLocalHttp(c);
  return {
    httpOnly: true,
    sameSite: 'Strict' as const,
    path: '/',
    maxAge,
    // __Host-: Secure, Path=/, no Domain — no subdomain can set or shadow it.
    ...(local ? { secure: false } : { secure: true, prefix: 'host' as const }),
  };
}

const prefixOf = (c: Context) => (isLocalHttp(c) ? undefined : ('host' as const));

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE, prefixOf(c));
}

export function writeSessionCookie(c: Context, signer: Signer, claims: SessionClaims, now: number): void {
  setCookie(c, SESSION_COOKIE, signer.seal(claims), cookieOptions(c, claims.expiresAt - now));
}

export function clearSessionCookie(c: Context): void {
  const prefix = prefixOf(c);
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: !isLocalHttp(c), ...(prefix ? { prefix } : {}) });
}

/** The sign-in form's nonce: from its cookie, or a new one (set on the answer). */
export function presignNonce(c: Context): string {
  const existing = getCookie(c, PRESIGN_COOKIE, prefixOf(c));
  if (existing && NONCE.test(existing)) return existing;
  const nonce = newNonce();
  setCookie(c, PRESIGN_COOKIE, nonce, cookieOptions(c, 60 * 60));
  return nonce;
}

/** A session from a sign-in at `now` (Unix seconds), or the next step of one: idle time restarts, the maximum does not. */
export function sessionClaims(keyId: string, now: number, previous?: SessionClaims): SessionClaims {
  const signedInAt = previous?.signedInAt ?? now;
  return {
    keyId,
    signedInAt,
    expiresAt: Math.min(now + SESSION_IDLE_SECONDS, signedInAt + SESSION_MAX_SECONDS),
    nonce: previous?.nonce ?? newNonce(),
  };
}
