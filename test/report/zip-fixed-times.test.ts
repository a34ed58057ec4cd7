import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { dosDateTime, withFixedEntryTimes } from '../../shared/report/zip-fixed-times';

const files = (mtime: Date) => ({
  'a.txt': [new TextEncoder().encode('первый'), { mtime }] as [Uint8Array, { mtime: Date }],
  'dir/b.xml': [new TextEncoder().encode('<b/>'), { mtime }] as [Uint8Array, { mtime: Date }],
});

describe('withFixedEntryTimes', () => {
  it('makes zips built at different times byte-identical, contents unchanged', () => {
    const early = zipSync(files(new Date(2024, 0, 15, 9, 30, 12)));
    const late = zipSync(files(new Date(2031, 6, 2, 23, 59, 58)));
    expect(Buffer.from(early).equals(Buffer.from(late))).toBe(false);
    const stamp = { year: 2023, month: 12, day: 31 };
    const fixedEarly = withFixedEntryTimes(early, stamp);
    expect(Buffer.from(fixedEarly).equals(Buffer.from(withFixedEntryTimes(late, stamp)))).toBe(true);
    expect(new TextDecoder().decode(unzipSync(fixedEarly)['a.txt'])).toBe('первый');
    expect(fixedEarly.length).toBe(early.length);
  });

  it('writes the DOS date of the stamp into local and central headers', () => {
    const fixed = withFixedEntryTimes(zipSync(files(new Date(2024, 0, 15, 9, 30, 12))), {
      year: 2023,
      month: 12,
      day: 31,
    });
    const view = new DataView(fixed.buffer, fixed.byteOffset, fixed.byteLength);
    const { date } = dosDateTime({ year: 2023, month: 12, day: 31 });
    expect(date).toBe((43 << 9) | (12 << 5) | 31);
    // The first local header starts the file: time at 10, date at 12.
    expect([view.getUint16(10, true), view.getUint16(12, true)]).toEqual([0, date]);
  });

  it('does not touch its input', () => {
    const zip = zipSync(files(new Date(2024, 0, 15, 9, 30, 12)));
    const copy = zip.slice();
    withFixedEntryTimes(zip, { year: 2023, month: 12, day: 31 });
    expect(Buffer.from(zip).equals(Buffer.from(copy))).toBe(true);
  });

  it('refuses bytes that are not a zip file', () => {
    expect(() =>
      withFixedEntryTimes(new TextEncoder().encode('not a zip, just some text here'), { year: 2023, month: 1, day: 1 }),
    ).toThrow(/not a zip file/);
    expect(() => dosDateTime({ year: 1979, month: 1, day: 1 })).toThrow(RangeError);
  });
});
