// Reads an export file line by line (readline over a file stream), so a large
// export is never held in memory; `fraction` tells how much of it was read.
import fs from 'node:fs';
import readline from 'node:readline';

export interface ExportFile {
  lines: AsyncIterable<string>;
  /** Bytes read so far over the file's size (0..1), for progress. */
  fraction(): number;
}

export function openExportFile(path: string): ExportFile {
  const size = fs.statSync(path).size;
  const input = fs.createReadStream(path);
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  return { lines, fraction: () => (size === 0 ? 1 : input.bytesRead / size) };
}
