// API keys: `rl_<keyId>_<secret>`. Only the SHA-256 of the secret is stored (in the
// ApiKeyIssued event), so neither the log nor an export can be used to log in.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../store/canonical';

const TOKEN = /^rl_([a-z0-9]{8,40})_([A-Za-z0-9_-]{20,200})$/;

export interface ParsedToken {
  keyId: string;
  secret: string;
}

export function parseToken(token: string): ParsedToken | null {
  const match = TOKEN.exec(token);
  return match ? { keyId: match[1]!, secret: match[2]! } : null;
}

export function newApiKey(): { keyId: string; secret: string; token: string; secretHash: string } {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, secret, token: `rl_${keyId}_${secret}`, secretHash: sha256Hex(secret) };
}

export function secretMatches(secret: string, secretHash: string): boolean {
  const a = Buffer.from(sha256Hex(secret), 'hex');
  const b = Buffer.from(secretHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
