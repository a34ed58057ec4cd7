// The seed: the real 2023 report (text extracted from the .docx) and its import document.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const demo = (name: string) => fileURLToPath(new URL(`../../../shared/demo/${name}`, import.meta.url));

export const seedReportText = readFileSync(demo('seed-2023-report.txt'), 'utf8');
export const seedDocument: unknown = JSON.parse(readFileSync(demo('seed-2023.json'), 'utf8'));

/** The fixture's normalisation of the seed: no docx bookmark; a line break inside a cell is one space. */
export function normaliseSeedText(text: string): string {
  return text.replaceAll('[bookmark: _GoBack]', '').replace(/[ \t]*\n[ \t]*/g, ' ');
}

/** A fresh deep copy of the import document, to alter in a test. */
export function seedCopy(): Record<string, unknown> {
  return structuredClone(seedDocument) as Record<string, unknown>;
}
