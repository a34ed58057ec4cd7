// What a text field may hold. Texts end up in Word, HTML and CSV files sent to ministries:
// they are NFC-normalised, and refused when they carry control characters, bidi overrides
// or unpaired surrogates, or the noncharacters XML may not hold, or nothing visible at all (only spaces and zero-width marks).

/** C0 controls but tab and line feed, DEL, and C1 controls. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
/** Bidirectional embeddings, overrides and isolates (LRE … RLO, LRI … PDI). */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
/**
 * The noncharacters U+FFFE and U+FFFF: XML 1.0 may not hold them, so a Word document whose
 * text carries one is refused by Word, and the year's published DOCX with it.
 */
const NONCHARACTER = /[\ufffe\uffff]/;
/** A surrogate without its pair. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Whitespace and the marks that draw nothing. */
const INVISIBLE = /^(?:[\s\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u180e]|\u034f)*$/;

/** Line breaks as `\n`, NFC, trimmed: the text as it is stored. */
export function normaliseText(value: string): string {
  return value.replace(/\r\n?/g, '\n').normalize('NFC').trim();
}

/** Why a (normalised) text may not be stored, or null when it may. */
export function textProblem(value: string): string | null {
  if (LONE_SURROGATE.test(value)) return 'must not contain unpaired surrogates';
  if (CONTROL.test(value)) return 'must not contain control characters';
  if (BIDI.test(value)) return 'must not contain bidirectional override characters';
  if (NONCHARACTER.test(value)) return 'must not contain the noncharacters U+FFFE or U+FFFF';
  if (INVISIBLE.test(value)) return 'must not be empty';
  return null;
}
