// Signed notes and checkpoints, against the Go reference implementation's published
// example (golang.org/x/mod/sumdb/note) and the C2SP rules, and under tampering.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkpointText, openCheckpoint, signCheckpoint, verifierKeyOf } from '../../shared/merkle/checkpoint';
import { leafHash } from '../../shared/merkle/hash';
import { NoteError, openNote, parseVerifierKey, signNote } from '../../shared/merkle/signed-note';
import { generateSigningKey, localSigner } from '../../shared/merkle/signer';

// The example of golang.org/x/mod/sumdb/note (its package documentation and note_test.go).
const GO_SIGNER = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
const goSeed = () => Buffer.from(GO_SIGNER.split('+').slice(4).join('+'), 'base64').subarray(1);

const ORIGIN = 'roadmap-ledger.local/roadmap';

/** Changes one base64 character of the signature line (0–4: the key ID; later: the signature). */
function flipSignatureChar(note: string, at: number): string {
  const line = note.slice(note.lastIndexOf('— '));
  const start = note.length - line.length + line.lastIndexOf(' ') + 1 + at;
  return note.slice(0, start) + (note[start] === 'A' ? 'B' : 'A') + note.slice(start + 1);
}

describe('signed notes', () => {
  it("reproduce the Go implementation's signed note byte for byte, and open it", async () => {
    const signer = localSigner('PeterNeumann', goSeed());
    expect(verifierKeyOf(signer)).toBe(GO_VKEY);
    expect(await signNote(GO_TEXT, signer)).toBe(GO_NOTE);
    expect(openNote(GO_NOTE, parseVerifierKey(GO_VKEY))).toBe(GO_TEXT);
    expect(() => openNote(GO_NOTE.replace('cryptography', 'cryptographY'), parseVerifierKey(GO_VKEY))).toThrow(
      /signature by PeterNeumann does not verify/,
    );
  });

  it('compute the key ID as the spec says: SHA-256(name || 0x0A || 0x01 || key)[:4]', () => {
    const signer = localSigner(ORIGIN, generateSigningKey());
    const digest = createHash('sha256')
      .update(Buffer.concat([Buffer.from(`${ORIGIN}\n`), Buffer.of(1), signer.publicKey]))
      .digest();
    // The base64 key may itself hold '+': the name and ID are the first two fields.
    const [name, id, ...key] = verifierKeyOf(signer).split('+');
    expect(name).toBe(ORIGIN);
    expect(id).toBe(digest.subarray(0, 4).toString('hex'));
    expect(Buffer.from(key.join('+'), 'base64')).toEqual(Buffer.concat([Buffer.of(1), signer.publicKey]));
  });

  it('refuse malformed verifier keys', () => {
    for (const bad of [
      GO_VKEY.replace('c74f20a3', 'c74f20a4'),
      GO_VKEY.replace('PeterNeumann', 'Peter Neumann'),
      GO_VKEY.slice(0, -1),
      GO_VKEY.replace('+ARpc', '+AhpC'),
      'PeterNeumann+c74f20a3',
    ]) {
      expect(() => parseVerifierKey(bad), bad).toThrow(NoteError);
    }
  });
});

describe('checkpoints', () => {
  const signer = localSigner(ORIGIN, generateSigningKey());
  const vkey = verifierKeyOf(signer);
  const checkpoint = { origin: ORIGIN, size: 503, rootHash: Uint8Array.from(leafHash(Buffer.from('root'))) };

  it('have the C2SP layout: origin, size, base64 root, a blank line, one Ed25519 signature line', async () => {
    const note = await signCheckpoint(checkpoint, signer);
    const lines = note.split('\n');
    expect(lines.slice(0, 4)).toEqual([ORIGIN, '503', Buffer.from(checkpoint.rootHash).toString('base64'), '']);
    expect(lines[4]).toMatch(new RegExp(`^— ${ORIGIN} [A-Za-z0-9+/]{91}=$`));
    expect(lines[5]).toBe('');
    expect(openCheckpoint(note, vkey)).toEqual(checkpoint);
    expect(checkpointText({ ...checkpoint, size: 0 })).toMatch(/\n0\n/);
  });

  it('tampering with any part is refused, saying which', async () => {
    const note = await signCheckpoint(checkpoint, signer);
    const root = Buffer.from(checkpoint.rootHash).toString('base64');
    const otherRoot = Buffer.from(leafHash(Buffer.from('other'))).toString('base64');
    const cases: [string, string, RegExp][] = [
      ['size', note.replace('\n503\n', '\n504\n'), /signature by roadmap-ledger.local\/roadmap does not verify/],
      ['root', note.replace(root, otherRoot), /does not verify/],
      ['origin', note.replace(`${ORIGIN}\n`, 'roadmap-ledger.local/other\n'), /does not verify/],
      ['signature', flipSignatureChar(note, 20), /signature by roadmap-ledger.local\/roadmap does not verify/],
      ['key ID', flipSignatureChar(note, 0), /carries no signature by/],
      ['key name', note.replace(`— ${ORIGIN}`, '— someone.else'), /carries no signature by roadmap-ledger/],
      ['blank line', note.replace('\n\n', '\n'), /no blank line/],
      ['control character', note.replace('503', '5\t03'), /control characters/],
    ];
    for (const [what, tampered, message] of cases) {
      expect(() => openCheckpoint(tampered, vkey), what).toThrow(message);
    }
    const stranger = localSigner(ORIGIN, generateSigningKey());
    const foreign = await signCheckpoint(checkpoint, stranger);
    expect(() => openCheckpoint(foreign, vkey)).toThrow(/no signature by/);
  });

  it('a signature by an unknown key is ignored; the known one still decides', async () => {
    const note = await signCheckpoint(checkpoint, signer);
    const witness = localSigner('witness.example/w1', generateSigningKey());
    const cosigned = `${note}${(await signNote(checkpointText(checkpoint), witness)).split('\n\n')[1]}`;
    expect(openCheckpoint(cosigned, vkey)).toEqual(checkpoint);
    expect(openCheckpoint(cosigned, verifierKeyOf(witness))).toEqual(checkpoint);
  });

  it('a checkpoint text that is not origin, size and root is refused even when signed', async () => {
    for (const text of [`${ORIGIN}\n0503\nAAAA\n`, `${ORIGIN}\n503\nnot-base64\n`, `${ORIGIN}\n503\n`]) {
      const signed = await signNote(text, signer);
      expect(() => openCheckpoint(signed, vkey), text).toThrow(/not a checkpoint/);
    }
    expect(() => checkpointText({ ...checkpoint, origin: 'has space' })).toThrow(TypeError);
  });
});
