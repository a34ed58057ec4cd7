// Small pieces of report text that every format prints the same way, so the HTML,
// DOCX and CSV of one model never disagree on a mark or a footnote.
import type { PublishedCheckpoint } from '../domain/publication/events';
import type { Footnote, ReportEntry, ReportExecutor, ReportMeasure, ReportModel } from './model';

/** «СОГБУ «…«Смоленский терем» *»: the mark follows the name after a space, as in the seed. */
export function executorLine(executor: ReportExecutor): string {
  return executor.mark ? `${executor.name} ${executor.mark}` : executor.name;
}

/** «*ликвидировано с 14.03.2022 года, …»: the seed sets the mark straight against the text. */
export function footnoteLine(footnote: Footnote): string {
  return `${footnote.mark}${footnote.text}`;
}

/** The line that lets a reader check the report against the log it was built from. */
export function provenanceLine(model: Pick<ReportModel, 'position' | 'chainHash'>): string {
  return `Сформировано по журналу событий: позиция ${model.position}, хеш ${model.chainHash}`;
}

/**
 * A publication's checkpoint as its footer prints it: the size, the root in base64 as the
 * note has it, and each signature line of the note (the key name, then base64 of the key
 * ID and the Ed25519 signature), so a reader can copy the note back together.
 */
export function checkpointLine(checkpoint: PublishedCheckpoint): string {
  const root = Buffer.from(checkpoint.rootHash, 'hex').toString('base64');
  const signatures = checkpoint.note
    .slice(checkpoint.note.lastIndexOf('\n\n') + 2)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace(/^— /u, ''));
  return `Контрольная точка журнала: размер ${checkpoint.size}, корень ${root}, подпись ${signatures.join('; ')}`;
}

/** One party's part of a measure: its executors beside its entries. */
export interface MeasurePart {
  party: string;
  executors: ReportExecutor[];
  entries: ReportEntry[];
}

/**
 * A measure's parts by party, in the report's order of parties. A measure of one party
 * (every measure of a party's report, and the seed's) is one part, laid out as the seed
 * lays it out; a measure of several parties in the joint report gets a part per party,
 * each labelled with its party.
 */
export function measureParts(measure: ReportMeasure, parties: readonly string[]): MeasurePart[] {
  const found = [...measure.executors, ...measure.entries].map((item) => item.party);
  const order = [...new Set([...parties, ...found])];
  const parts = order
    .map((party) => ({
      party,
      executors: measure.executors.filter((executor) => executor.party === party),
      entries: measure.entries.filter((entry) => entry.party === party),
    }))
    .filter((part) => part.executors.length > 0 || part.entries.length > 0);
  if (parts.length > 1) return parts;
  return [{ party: parts[0]?.party ?? '', executors: measure.executors, entries: measure.entries }];
}

/** Rows a part takes in the table: one per entry, and one even when it has none. */
export function partRowCount(part: Pick<MeasurePart, 'entries'>): number {
  return Math.max(1, part.entries.length);
}

/** Rows a measure takes in the table: its parts' rows. */
export function measureRowCount(measure: ReportMeasure, parties: readonly string[] = []): number {
  return measureParts(measure, parties).reduce((rows, part) => rows + partRowCount(part), 0);
}

/** A text's paragraphs; reported texts may hold line breaks, which every format keeps. */
export function paragraphsOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
