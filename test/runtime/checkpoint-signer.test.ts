// The deployed signer reads its secret through the Parameters and Secrets extension
// (stood in for by a local HTTP server), once, with the session token, and signs with
// SHA-256 of the secret as the Ed25519 seed; no secret configured means no signer.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkpointSignerFromEnv } from '../../functions/lib/checkpoint-signer';
import { verifierKeyOf } from '../../shared/merkle/checkpoint';
import { localSigner } from '../../shared/merkle/signer';

const SECRET = 'x'.repeat(64);
let server: http.Server;
const asked: { url: string; token: string | undefined }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const token = req.headers['x-aws-parameters-secrets-token'] as string | undefined;
    asked.push({ url: req.url ?? '', token });
    if (token !== 'session') return void res.writeHead(401).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ SecretString: SECRET }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  vi.stubEnv('PARAMETERS_SECRETS_EXTENSION_HTTP_PORT', String((server.address() as AddressInfo).port));
  vi.stubEnv('CHECKPOINT_ORIGIN', 'roadmap-ledger.aws/Test');
});
afterAll(() => {
  vi.unstubAllEnvs();
  server.close();
});

describe('checkpointSignerFromEnv', () => {
  it('is absent without a secret', () => {
    vi.stubEnv('CHECKPOINT_SECRET_ARN', '');
    expect(checkpointSignerFromEnv()).toBeUndefined();
  });

  it('reads the secret once, with the session token, and signs with its SHA-256 as the seed', async () => {
    vi.stubEnv('CHECKPOINT_SECRET_ARN', 'arn:aws:secretsmanager:eu-central-1:1:secret:key');
    vi.stubEnv('AWS_SESSION_TOKEN', 'wrong');
    const load = checkpointSignerFromEnv()!;
    await expect(load()).rejects.toThrow('HTTP 401');
    vi.stubEnv('AWS_SESSION_TOKEN', 'session');
    const signer = await load();
    await load();
    const expected = localSigner('roadmap-ledger.aws/Test', createHash('sha256').update(SECRET).digest());
    expect(verifierKeyOf(signer)).toBe(verifierKeyOf(expected));
    expect(asked.map((a) => a.url)).toEqual([
      '/secretsmanager/get?secretId=arn%3Aaws%3Asecretsmanager%3Aeu-central-1%3A1%3Asecret%3Akey',
      '/secretsmanager/get?secretId=arn%3Aaws%3Asecretsmanager%3Aeu-central-1%3A1%3Asecret%3Akey',
    ]);
  });
});
