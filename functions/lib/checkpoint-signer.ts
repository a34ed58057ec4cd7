// The checkpoint signer of a deployed stack: the Ed25519 seed is SHA-256 of a Secrets
// Manager secret the stack generates, read once (on first use) through the AWS Parameters
// and Secrets Lambda Extension (a layer on localhost), so no further SDK client is bundled.
import { createHash } from 'node:crypto';
import { CHECKPOINT_ORIGIN_ENV, CHECKPOINT_SECRET_ENV } from '../../shared/config/checkpoint-key';
import type { CheckpointSigner } from '../../shared/merkle/signer';
import { localSigner } from '../../shared/merkle/signer';
import { optionalEnv, requireEnv } from './env';

/** A signer loaded on first use (a failed load is tried again next time); undefined where none is configured. */
export function checkpointSignerFromEnv(): (() => Promise<CheckpointSigner>) | undefined {
  const secretArn = optionalEnv(CHECKPOINT_SECRET_ENV);
  if (!secretArn) return undefined;
  const origin = requireEnv(CHECKPOINT_ORIGIN_ENV);
  let loading: Promise<CheckpointSigner> | null = null;
  return () => {
    loading ??= load(secretArn, origin).catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  };
}

async function load(secretArn: string, origin: string): Promise<CheckpointSigner> {
  const port = optionalEnv('PARAMETERS_SECRETS_EXTENSION_HTTP_PORT') ?? '2773';
  const response = await fetch(
    `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretArn)}`,
    { headers: { 'X-Aws-Parameters-Secrets-Token': requireEnv('AWS_SESSION_TOKEN') } },
  );
  if (!response.ok) throw new Error(`the checkpoint signing secret could not be read (HTTP ${response.status})`);
  const { SecretString } = (await response.json()) as { SecretString?: string };
  if (!SecretString) throw new Error('the checkpoint signing secret has no string value');
  return localSigner(origin, createHash('sha256').update(SecretString).digest());
}
