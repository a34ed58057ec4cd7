// A strict RFC 4180 reader for tests: quoted fields may hold the delimiter, doubled
// quotes and line breaks; every record must end with CRLF. Throws on anything else,
// so a malformed file fails the test that reads it.
export function parseCsv(text: string, delimiter = ';'): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let index = 0;
  while (index < text.length) {
    let field = '';
    if (text[index] === '"') {
      index += 1;
      for (;;) {
        const quote = text.indexOf('"', index);
        if (quote === -1) throw new Error('unterminated quoted field');
        field += text.slice(index, quote);
        index = quote + 1;
        if (text[index] !== '"') break;
        field += '"';
        index += 1;
      }
    } else {
      const rest = text.slice(index);
      const end = rest.search(new RegExp(`[${delimiter}\\r\\n"]`));
      field = end === -1 ? rest : rest.slice(0, end);
      index += field.length;
      if (text[index] === '"') throw new Error(`stray quote at ${index}`);
    }
    record.push(field);
    if (text[index] === delimiter) {
      index += 1;
    } else if (text.startsWith('\r\n', index)) {
      records.push(record);
      record = [];
      index += 2;
    } else {
      throw new Error(`record not ended by CRLF at ${index}`);
    }
  }
  if (record.length > 0) throw new Error('last record not ended by CRLF');
  return records;
}
