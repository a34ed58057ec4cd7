// Ways to damage an export the way a careless or dishonest holder might.

import { exportLine, parseExportLine } from '../../../shared/audit';
import { eventHash } from '../../../shared/store/canonical';

export const linesOf = (text: string) => text.split('\n').filter((line) => line !== '');
export const joinLines = (lines: string[]) => lines.map((line) => `${line}\n`).join('');

/** Flips one ASCII digit inside the event's `text`, leaving everything else (hash included) as it was. */
export function alterOneByte(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  const start = bytes.indexOf('"text":"') + 8;
  if (start < 8) throw new Error('the line has no text field');
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b >= 0x30 && b <= 0x39) {
      bytes[i] = 0x30 + ((b - 0x30 + 1) % 10);
      return bytes.toString('utf8');
    }
  }
  throw new Error('no digit in the text to alter');
}

/**
 * Rewrites one event's text and re-chains every hash from there on: an export that
 * verifies on its own, and differs from the log that was published from.
 */
export function rewriteHistory(lines: string[], position: number, edit: (text: string) => string): string[] {
  let prevHash = '';
  return lines.map((line, index) => {
    const event = parseExportLine(line, index + 1);
    if (event.position < position) return line;
    const data = event.position === position ? { ...event.data, text: edit(String(event.data.text)) } : event.data;
    const { hash: _hash, ...body } = {
      ...event,
      data,
      prevHash: event.position === position ? event.prevHash : prevHash,
    };
    const hash = eventHash(body.prevHash, body);
    prevHash = hash;
    return exportLine({ ...body, hash }).trimEnd();
  });
}
