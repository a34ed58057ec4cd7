// The canonical JSON the hash chain is computed over (README, "Hash chain"): auditors
// recompute it from an export, so its bytes are pinned here, value kind by value kind.
import { describe, expect, it } from 'vitest';
import { canonicalJson, eventHash, GENESIS_HASH } from '../../shared/store/canonical';

describe('canonicalJson', () => {
  it('sorts keys by UTF-16 code units at every depth, with no whitespace', () => {
    expect(
      canonicalJson({ b: 1, a: { d: [3, { z: true, Z: false }], c: null }, B: 'x', é: 0, _: 2, '10': 1, '2': 1 }),
    ).toBe('{"10":1,"2":1,"B":"x","_":2,"a":{"c":null,"d":[3,{"Z":false,"z":true}]},"b":1,"é":0}');
  });

  it('omits undefined properties, keeps null, and writes undefined in arrays as null', () => {
    expect(canonicalJson({ a: undefined, b: null, c: [undefined, null, 1], d: {} })).toBe(
      '{"b":null,"c":[null,null,1],"d":{}}',
    );
    expect(canonicalJson({ only: undefined })).toBe('{}');
    expect(canonicalJson([])).toBe('[]');
  });

  it('escapes strings and keys as JSON.stringify does, and writes numbers as Number#toString', () => {
    const text = 'кавычка " обратная \\ перевод\nстроки \u0000 \u2028 😀 \ud800';
    expect(canonicalJson({ [text]: text })).toBe(`{${JSON.stringify(text)}:${JSON.stringify(text)}}`);
    expect(canonicalJson([1, -3, 2.5, 0, -0, 1e21, 1e-7])).toBe('[1,-3,2.5,0,0,1e+21,1e-7]');
    expect(canonicalJson(true)).toBe('true');
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(TypeError);
    expect(() => canonicalJson({ a: 1n })).toThrow(TypeError);
    expect(() => canonicalJson({ a: () => 1 })).toThrow(TypeError);
  });

  it('gives the pinned hash for an envelope', () => {
    const envelope = {
      eventId: '1b3e7a5c-7c1e-4c59-9e4b-0d1c2b7f8a90',
      streamId: 'measure:spb-smolensk-2021-2023:9.1',
      version: 1,
      position: 1,
      type: 'ExecutionReported',
      schemaVersion: 2,
      data: {
        planId: 'spb-smolensk-2021-2023',
        number: '9.1',
        text: 'Турнир по самбо',
        period: { kind: 'day', date: '2023-12-15' },
      },
      metadata: { actor: { keyId: 'k', role: 'agency' }, commandId: 'c', correlationId: null, causationId: null },
      recordedAt: '2024-01-10T09:00:00.000Z',
      prevHash: GENESIS_HASH,
    };
    expect(eventHash(GENESIS_HASH, envelope)).toBe(HASH);
  });
});

// Computed with the implementation this one replaced (the bytes must not change).
const HASH = '67461fc178b125c93c811a424c85b8f44f91b93a8aabe47cafd2610fb4114eff';
