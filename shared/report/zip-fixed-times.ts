// Sets the modification time of every entry of a zip file to one given value, so a
// package built twice from the same input is byte-identical. The report zips through fflate
// (as the `docx` package did), which stamps each entry with the current local time.
// Only the DOS date/time fields change; names, sizes, CRCs and data stay as they are.

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const END_RECORD_SIZE = 22;
const MAX_COMMENT = 0xffff;

export interface ZipStamp {
  year: number;
  month: number;
  day: number;
}

/** MS-DOS date and time words (two-second resolution, years 1980–2107, no zone). */
export function dosDateTime({ year, month, day }: ZipStamp): { date: number; time: number } {
  if (!Number.isInteger(year) || year < 1980 || year > 2107)
    throw new RangeError(`a zip date cannot hold the year ${year}`);
  return { date: ((year - 1980) << 9) | (month << 5) | day, time: 0 };
}

function fail(reason: string): never {
  throw new Error(`not a zip file this module can restamp: ${reason}`);
}

function endOfCentralDirectory(view: DataView): number {
  const last = view.byteLength - END_RECORD_SIZE;
  for (let offset = last; offset >= 0 && offset >= last - MAX_COMMENT; offset -= 1) {
    if (view.getUint32(offset, true) === END_OF_CENTRAL_DIRECTORY) return offset;
  }
  return fail('no end of central directory record');
}

function expectSignature(view: DataView, offset: number, signature: number, what: string): void {
  if (offset < 0 || offset + 4 > view.byteLength || view.getUint32(offset, true) !== signature) {
    fail(`no ${what} at byte ${offset}`);
  }
}

/** A copy of `zip` whose entries all carry the given date, at midnight. */
export function withFixedEntryTimes(zip: Uint8Array, stamp: ZipStamp): Uint8Array {
  const { date, time } = dosDateTime(stamp);
  const out = zip.slice();
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const end = endOfCentralDirectory(view);
  const entries = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  for (let index = 0; index < entries; index += 1) {
    expectSignature(view, offset, CENTRAL_HEADER, 'central directory header');
    view.setUint16(offset + 12, time, true);
    view.setUint16(offset + 14, date, true);
    const local = view.getUint32(offset + 42, true);
    expectSignature(view, local, LOCAL_HEADER, 'local file header');
    view.setUint16(local + 10, time, true);
    view.setUint16(local + 12, date, true);
    const variable =
      view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
    offset += 46 + variable;
  }
  return out;
}
