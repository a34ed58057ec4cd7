// Who signs checkpoints. Locally an Ed25519 key kept in the data directory (an entry
// point reads the file and hands the PEM over); in AWS anything that can produce an
// Ed25519 signature (a KMS key or a secret) behind the same interface.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

export interface CheckpointSigner {
  /** The signed-note key name; by convention the log's origin. */
  readonly keyName: string;
  /** The raw 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array;
  /** An Ed25519 signature (64 bytes) over `message`. */
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** A new Ed25519 private key, PKCS#8 PEM. */
export function generateSigningKey(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** PKCS#8 DER prefix of an Ed25519 private key (RFC 8410), before its 32-byte seed. */
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

/** A signer from a PKCS#8 PEM string, or from the raw 32-byte seed RFC 8032 calls the private key. */
export function localSigner(keyName: string, key: string | Uint8Array): CheckpointSigner {
  const privateKey =
    typeof key === 'string'
      ? createPrivateKey(key)
      : createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, rawSeed(key)]), format: 'der', type: 'pkcs8' });
  return keySigner(keyName, privateKey);
}

function rawSeed(key: Uint8Array): Uint8Array {
  if (key.byteLength !== 32) throw new TypeError(`an Ed25519 seed is 32 bytes, not ${key.byteLength}`);
  return key;
}

export function keySigner(keyName: string, privateKey: KeyObject): CheckpointSigner {
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(`checkpoints are signed with Ed25519, not ${privateKey.asymmetricKeyType}`);
  }
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const publicKey = Uint8Array.from(Buffer.from(jwk.x ?? '', 'base64url'));
  return {
    keyName,
    publicKey,
    async sign(message) {
      return Uint8Array.from(sign(null, message, privateKey));
    },
  };
}
