// What the Word reader noticed: each finding names its place in the document (a
// paragraph outside the tables, or a table's row and cell) and what was done about it.
// Nothing the reader cannot recognise is dropped or guessed without a finding.

/** A body paragraph outside the tables (1-based), or a cell: table, row and grid column, 1-based. */
export type Place = { paragraph: number } | { table: number; row: number; cell?: number } | { document: true };

/**
 * note: read, and normalised or interpreted in the one way it can be (shown so a person can check);
 * warning: imported on an assumption a person should check;
 * skipped: not imported, because it could not be recognised.
 */
export type FindingLevel = 'note' | 'warning' | 'skipped';

export interface Finding {
  level: FindingLevel;
  /** Stable, for programs: `line_break`, `unmatched_executor`, `row_not_recognised`, … */
  code: string;
  place: Place;
  /** «таблица 1, строка 5, ячейка 4» in the English of the rest of the API: "table 1, row 5, cell 4". */
  where: string;
  message: string;
  /** The start of the text concerned, so it can be found in Word. */
  excerpt?: string;
}

const EXCERPT_LENGTH = 80;

export function placeLabel(place: Place): string {
  if ('paragraph' in place) return `paragraph ${place.paragraph}`;
  if ('table' in place) {
    const cell = place.cell !== undefined ? `, cell ${place.cell}` : '';
    return `table ${place.table}, row ${place.row}${cell}`;
  }
  return 'document';
}

export function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH - 1)}…` : flat;
}

/** Collects findings in document order; at most `limit`, so a hostile file cannot grow the answer without bound. */
export class Findings {
  readonly list: Finding[] = [];
  private dropped = 0;

  constructor(private readonly limit = 2_000) {}

  add(level: FindingLevel, code: string, place: Place, message: string, text?: string): void {
    if (this.list.length >= this.limit) {
      this.dropped++;
      return;
    }
    const excerpt = text !== undefined && text.trim() !== '' ? excerptOf(text) : undefined;
    this.list.push({ level, code, place, where: placeLabel(place), message, ...(excerpt ? { excerpt } : {}) });
  }

  /** The findings, and one more saying how many were left out past the limit. */
  all(): Finding[] {
    if (this.dropped === 0) return [...this.list];
    const place: Place = { document: true };
    return [
      ...this.list,
      {
        level: 'note',
        code: 'findings_truncated',
        place,
        where: placeLabel(place),
        message: `${this.dropped} more findings were left out.`,
      },
    ];
  }
}
