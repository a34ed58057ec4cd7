// The canonical serialisation that the hash chain is computed over. Auditors
// recompute it from an export, so it is specified exactly (README, "Hash chain"):
//
// - JSON text, UTF-8, no insignificant whitespace;
// - object keys sorted by UTF-16 code units (JavaScript's default sort), at every depth;
// - properties whose value is `undefined` are omitted; `null` is kept;
// - strings escaped as JSON.stringify does; arrays keep their order;
// - numbers must be finite, and are written as ECMAScript's Number#toString
//   writes them (so 1, -3, 2.5; never 1.0 or 1e0) — the envelope itself holds
//   only safe integers;
// - instants (recordedAt) are strings `YYYY-MM-DDTHH:mm:ss.sssZ`, always UTC.
//
// hash = lowercase hex SHA-256 of the UTF-8 bytes of (prevHash + canonical(envelope
// without `hash`)), where prevHash is the previous event's hash, or 64 zeros for
// position 1.
import { createHash } from 'node:crypto';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export const GENESIS_HASH = '0'.repeat(64);

export function canonicalJson(value: unknown): string {
  // Written into one string as it goes (no arrays of parts to filter, map and join): it runs
  // several times per write, over the command's body, the event and its envelope.
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          // A hole stays empty, as Array#map and #join leave it.
          if (i in value) out += canonicalJson(value[i] ?? null);
        }
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = '{';
      for (const key of keys) {
        const item = record[key];
        if (item === undefined) continue;
        if (out.length > 1) out += ',';
        out += `${JSON.stringify(key)}:${canonicalJson(item)}`;
      }
      return `${out}}`;
    }
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold the number ${value}`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      throw new TypeError(`canonical JSON cannot hold a value of type ${typeof value}`);
  }
}

export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The hash of one event, given the envelope without its own `hash`. */
export function eventHash(prevHash: string, envelopeWithoutHash: object): string {
  return sha256Hex(prevHash + canonicalJson(envelopeWithoutHash));
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** True when the string is an instant in the one format the chain accepts. */
export function isCanonicalInstant(value: string): boolean {
  return INSTANT.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;
}
