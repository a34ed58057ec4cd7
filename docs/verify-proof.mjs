#!/usr/bin/env node
// Checks what the roadmap ledger publishes about its log, with Node.js alone (no packages):
//
//   node docs/verify-proof.mjs checkpoint  <checkpoint> <vkey>
//   node docs/verify-proof.mjs inclusion   <proof.json> <checkpoint> <vkey> (--event <event.json> | --hash <hex>)
//   node docs/verify-proof.mjs consistency <proof.json> <old-checkpoint> <new-checkpoint> <vkey>
//
// Prints one line: "OK …" (exit code 0) or "FAILED: …" (exit code 1).
//
// What each part follows:
// - a checkpoint is a signed note (c2sp.org/signed-note, c2sp.org/tlog-checkpoint): the log's
//   origin, its size and its base64 root hash, then an Ed25519 signature by the log's key;
// - the tree is RFC 9162's: the leaf of event p (leaf index p-1) is SHA-256(0x00 || the 32 bytes
//   of the event's chain hash), a node is SHA-256(0x01 || left || right); proofs are verified
//   with the algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2, step by step;
// - an event's chain hash is SHA-256(prevHash || canonical JSON of the event without `hash`),
//   as docs/AUDIT.md describes; with --event it is recomputed here, not taken on trust.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

class Failure extends Error {}
const fail = (message) => {
  throw new Failure(message);
};
const sha256 = (...parts) => parts.reduce((h, part) => h.update(part), createHash('sha256')).digest();
const HEX_HASH = /^[0-9a-f]{64}$/;

function readText(file) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
  } catch (error) {
    fail(`cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  }
}

function readJson(file) {
  try {
    return JSON.parse(readText(file));
  } catch (error) {
    if (error instanceof Failure) throw error;
    fail(`${file} is not JSON: ${error.message}`);
  }
}

/** Standard base64 that re-encodes to itself, or null. */
function base64(text) {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

// --- The log's key: "<name>+<8 hex digits key ID>+<base64(0x01 || 32-byte Ed25519 key)>" ---

function parseVerifierKey(vkey) {
  const [name = '', id = '', ...rest] = vkey.split('+');
  const material = base64(rest.join('+'));
  if (!name || /\s/.test(name) || !/^[0-9a-f]{8}$/.test(id) || material?.length !== 33 || material[0] !== 0x01) {
    fail(`${vkey} is not an Ed25519 verifier key <name>+<key ID>+<base64 key>`);
  }
  const publicKey = material.subarray(1);
  const keyId = sha256(Buffer.from(`${name}\n`), Buffer.of(0x01), publicKey).subarray(0, 4);
  if (keyId.toString('hex') !== id) fail(`the key ID in ${vkey} does not match its name and key`);
  return { name, keyId, publicKey };
}

// --- A checkpoint: text, blank line, signature lines "— <name> base64(key ID || signature)" ---

function openCheckpoint(file, key) {
  const note = readText(file);
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note)) fail(`${file}: a signed note holds no control characters`);
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) fail(`${file} is not a signed note (no blank line before signatures)`);
  const text = note.slice(0, split + 1);
  let signed = false;
  for (const line of note.slice(split + 2, -1).split('\n')) {
    const [dash, name, sig, extra] = line.split(' ');
    const bytes = sig && base64(sig);
    if (dash !== '—' || !name || !bytes || extra !== undefined) fail(`${file}: bad signature line ${line}`);
    // Signatures by other keys (witnesses, a rotated key) are ignored, as the spec says.
    if (name !== key.name || !bytes.subarray(0, 4).equals(key.keyId)) continue;
    const publicKey = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey.toString('base64url') },
      format: 'jwk',
    });
    if (bytes.length !== 68 || !verify(null, Buffer.from(text), publicKey, bytes.subarray(4))) {
      fail(
        `${file}: the signature by ${key.name} does not verify (the checkpoint was altered or not signed by this key)`,
      );
    }
    signed = true;
  }
  if (!signed) fail(`${file} carries no signature by the key ${key.name}`);
  const [origin, size, root, ...extensions] = text.slice(0, -1).split('\n');
  const rootHash = base64(root ?? '');
  if (!origin || !/^(0|[1-9]\d*)$/.test(size ?? '') || rootHash?.length !== 32 || extensions.includes('')) {
    fail(`${file} is signed but is not a checkpoint (origin, tree size, base64 root hash)`);
  }
  return { origin, size: Number(size), rootHash };
}

// --- An event's chain hash, recomputed from its content ---

function canonicalJson(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
}

/** The events in a file: one JSON event, a JSON array of events, or an NDJSON export. */
function eventsIn(file) {
  const text = readText(file);
  try {
    return [JSON.parse(text)].flat();
  } catch {
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line, i) => {
        try {
          return JSON.parse(line);
        } catch {
          return fail(`${file}: line ${i + 1} is not JSON (give one event, or an export with one per line)`);
        }
      });
  }
}

function chainHashOfEvent(file, position) {
  const events = eventsIn(file);
  const event = events.find((e) => e?.position === position);
  if (!event) fail(`${file} holds no event at position ${position}`);
  const { hash, ...body } = event;
  const recomputed = sha256(Buffer.from(event.prevHash + canonicalJson(body))).toString('hex');
  if (recomputed !== hash) fail(`event ${position} in ${file} does not match its hash (its content was altered)`);
  return hash;
}

// --- RFC 9162 §2.1.3.2 and §2.1.4.2 ("right-shift" is a halving: sizes may exceed 2^32) ---

const lsb = (x) => x % 2 === 1;
const half = (x) => Math.floor(x / 2);
const node = (left, right) => sha256(Buffer.of(0x01), left, right);

function rootFromInclusionProof(leafIndex, treeSize, leaf, proof) {
  if (leafIndex >= treeSize) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return null;
    if (lsb(fn) || fn === sn) {
      r = node(p, r);
      while (!lsb(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      r = node(r, p);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 ? r : null;
}

function isPowerOfTwo(n) {
  let x = n;
  while (x % 2 === 0) x /= 2;
  return x === 1;
}

function verifyConsistency(first, second, firstHash, secondHash, proof) {
  if (first === second) return proof.length === 0 && firstHash.equals(secondHash);
  if (first === 0) return proof.length === 0; // the empty tree is a prefix of every tree
  if (first > second || proof.length === 0) return false;
  const path = isPowerOfTwo(first) ? [firstHash, ...proof] : proof;
  let fn = first - 1;
  let sn = second - 1;
  while (lsb(fn)) [fn, sn] = [half(fn), half(sn)];
  let [fr, sr] = [path[0], path[0]];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      [fr, sr] = [node(c, fr), node(c, sr)];
      while (!lsb(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      sr = node(sr, c);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return fr.equals(firstHash) && sr.equals(secondHash) && sn === 0;
}

// --- The commands ---

function proofHashes(file, proof) {
  const ok = Array.isArray(proof.hashes) && proof.hashes.length <= 64 && proof.hashes.every((h) => HEX_HASH.test(h));
  if (!ok) fail(`${file}: "hashes" must be a list of at most 64 SHA-256 values in lowercase hex`);
  return proof.hashes.map((h) => Buffer.from(h, 'hex'));
}

const isCount = (n) => Number.isSafeInteger(n) && n >= 0;

function checkpoint([file, vkey]) {
  const cp = openCheckpoint(file, parseVerifierKey(vkey));
  return `OK checkpoint of ${cp.origin}: ${cp.size} events, root ${cp.rootHash.toString('base64')}`;
}

function inclusion([file, cpFile, vkey, flag, value]) {
  const cp = openCheckpoint(cpFile, parseVerifierKey(vkey));
  const proof = readJson(file);
  const { position, size, leafIndex, rootHash } = proof;
  if (!isCount(position) || position < 1 || leafIndex !== position - 1 || !isCount(size)) {
    fail(`${file}: expected { position ≥ 1, size, leafIndex = position - 1, hashes, rootHash }`);
  }
  const hashes = proofHashes(file, proof);
  if (size !== cp.size) fail(`the proof is for a log of ${size} events, the checkpoint for ${cp.size}`);
  if (rootHash !== cp.rootHash.toString('hex')) fail(`the proof's rootHash is not the root the checkpoint signs`);
  let chainHash;
  if (flag === '--event' && value) chainHash = chainHashOfEvent(value, position);
  else if (flag === '--hash' && HEX_HASH.test(value ?? '')) chainHash = value;
  else fail(`name the event: --event <event.json or export.ndjson>, or --hash <its chain hash in hex>`);
  const leaf = sha256(Buffer.of(0x00), Buffer.from(chainHash, 'hex'));
  const root = rootFromInclusionProof(leafIndex, size, leaf, hashes);
  if (!root) fail(`the proof has the wrong number of hashes for event ${position} of ${size}`);
  if (!root.equals(cp.rootHash)) fail(`event ${position} with chain hash ${chainHash} is not in the checkpointed log`);
  return `OK event ${position} (chain hash ${chainHash}) is in the log ${cp.origin} of ${size} events`;
}

function consistency([file, oldFile, newFile, vkey]) {
  const key = parseVerifierKey(vkey);
  const [older, newer] = [openCheckpoint(oldFile, key), openCheckpoint(newFile, key)];
  if (older.origin !== newer.origin) fail(`the checkpoints are of two logs: ${older.origin} and ${newer.origin}`);
  const proof = readJson(file);
  if (!isCount(proof.from) || !isCount(proof.to)) fail(`${file}: expected { from, to, hashes }`);
  const hashes = proofHashes(file, proof);
  if (proof.from !== older.size || proof.to !== newer.size) {
    fail(
      `the proof is from ${proof.from} to ${proof.to} events, the checkpoints are of ${older.size} and ${newer.size}`,
    );
  }
  if (older.size > newer.size) fail(`the old checkpoint (${older.size} events) is larger than the new one`);
  if (!verifyConsistency(older.size, newer.size, older.rootHash, newer.rootHash, hashes)) {
    fail(`the consistency proof fails: the log of ${newer.size} events does not extend the one of ${older.size}`);
  }
  return `OK the log ${newer.origin} of ${newer.size} events extends its checkpoint of ${older.size} events`;
}

const commands = { checkpoint: [checkpoint, 2], inclusion: [inclusion, 3], consistency: [consistency, 4] };
const [command, ...args] = process.argv.slice(2);
try {
  const [run, needs] = Object.hasOwn(commands, command) ? commands[command] : [null, 0];
  if (!run || args.length < needs) {
    fail('usage: node docs/verify-proof.mjs checkpoint|inclusion|consistency … (see the top of this file)');
  }
  console.log(run(args));
} catch (error) {
  console.error(`FAILED: ${error instanceof Failure ? error.message : `unexpected error: ${error?.message ?? error}`}`);
  process.exitCode = 1;
}
