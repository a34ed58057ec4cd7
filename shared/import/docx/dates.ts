// The period of an entry, read back from the date phrase it starts with: the inverse of
// report/russian-dates.ts («9 апреля 2023 года» a day, «14-18 марта 2023 года»,
// «28 февраля – 1 марта 2023 года» and «С 15 октября 2022 года по 8 января 2023 года»
// ranges, «В октябре 2023 года» a month), plus the forms agencies also write
// («С 15 по 17 марта 2023 года», «1 марта - 2 апреля», «09.04.2023»). A text that starts
// like a date but does not read as one is reported, never guessed.
import { isoDate } from '../../domain/calendar';
import { type Period, validatePeriod } from '../../domain/period';
import { MONTHS_GENITIVE, MONTHS_PREPOSITIONAL } from '../../report/russian-dates';

export type LeadingDate =
  | { kind: 'period'; period: Period; phrase: string }
  | { kind: 'none' }
  | { kind: 'unrecognised'; phrase: string; reason: string };

const D = '(\\d{1,2})';
const Y = '(\\d{4})';
const MG = `(${MONTHS_GENITIVE.join('|')})`;
const MP = `(${MONTHS_PREPOSITIONAL.join('|')})`;
/** «года», «г.» or «г», then the end of the phrase. */
const YW = '\\s*(?:года|г\\.|г(?=[\\s,.;:]|$))';
const NUM = '(\\d{2})\\.(\\d{2})\\.(\\d{4})';
const NUM_YW = '(?:\\s*(?:года|г\\.|г(?=[\\s,.;:]|$)))?';

type Build = (m: string[]) => Period;
const month = (name: string, table: readonly string[]) => table.indexOf(name.toLowerCase()) + 1;
const day = (d: string | undefined, m: string | undefined, y: string | undefined) =>
  isoDate(Number(y), month(m ?? '', MONTHS_GENITIVE), Number(d));
const numeric = (d: string | undefined, m: string | undefined, y: string | undefined) =>
  isoDate(Number(y), Number(m), Number(d));

/** Most specific first; each anchored at the start of the (normalised) text. */
const FORMS: Array<[RegExp, Build]> = (
  [
    [`с ${D} ${MG} ${Y}${YW} по ${D} ${MG} ${Y}${YW}`, (m) => range(day(m[1], m[2], m[3]), day(m[4], m[5], m[6]))],
    [`${D} ${MG} ${Y}${YW} ?- ?${D} ${MG} ${Y}${YW}`, (m) => range(day(m[1], m[2], m[3]), day(m[4], m[5], m[6]))],
    [`с ${D} ${MG} по ${D} ${MG} ${Y}${YW}`, (m) => range(day(m[1], m[2], m[5]), day(m[3], m[4], m[5]))],
    [`с ${D} по ${D} ${MG} ${Y}${YW}`, (m) => range(day(m[1], m[3], m[4]), day(m[2], m[3], m[4]))],
    [`${D} ${MG} ?- ?${D} ${MG} ${Y}${YW}`, (m) => range(day(m[1], m[2], m[5]), day(m[3], m[4], m[5]))],
    [`${D} ?- ?${D} ${MG} ${Y}${YW}`, (m) => range(day(m[1], m[3], m[4]), day(m[2], m[3], m[4]))],
    [`${D} ${MG} ${Y}${YW}`, (m) => ({ kind: 'day', date: day(m[1], m[2], m[3]) })],
    [
      `в ${MP} ${Y}${YW}`,
      (m) => ({ kind: 'month', year: Number(m[2]), month: month(m[1] ?? '', MONTHS_PREPOSITIONAL) }),
    ],
    [`с ${NUM}${NUM_YW} по ${NUM}${NUM_YW}`, (m) => range(numeric(m[1], m[2], m[3]), numeric(m[4], m[5], m[6]))],
    [`${NUM}${NUM_YW} ?- ?${NUM}${NUM_YW}`, (m) => range(numeric(m[1], m[2], m[3]), numeric(m[4], m[5], m[6]))],
    [`${NUM}${NUM_YW}`, (m) => ({ kind: 'day', date: numeric(m[1], m[2], m[3]) })],
  ] satisfies Array<[string, Build]>
).map(([source, build]) => [new RegExp(`^(?:${source})(?=[\\s,.;:]|$)`, 'iu'), build]);

/** Starts like a date: «12 …», «12-14 …», «С 12 …», «12.03…», «В марте …». */
const DATE_LIKE = new RegExp(
  `^(?:(?:в период )?с )?\\d{1,2}(?: ?[-.,] ?\\d{1,2})*(?: ${MG}|\\.)|^в ${MP}(?=[\\s,.;:]|$)`,
  'iu',
);

function range(from: string, to: string): Period {
  return from === to ? { kind: 'day', date: from } : { kind: 'range', from, to };
}

/** The text's start with every kind of space as one space and every dash as «-». */
function normalised(text: string): string {
  return text
    .slice(0, 200)
    .replace(/\s+/g, ' ')
    .replace(/[‐‑‒–—―−]/g, '-')
    .trim();
}

export function leadingDate(text: string): LeadingDate {
  const head = normalised(text);
  for (const [pattern, build] of FORMS) {
    const match = pattern.exec(head);
    if (!match) continue;
    const phrase = match[0];
    const period = build(Array.from(match, (group) => group ?? ''));
    const issues = validatePeriod(period);
    if (issues.length === 0) return { kind: 'period', period, phrase };
    return { kind: 'unrecognised', phrase, reason: issues.map((issue) => `${issue.path} ${issue.message}`).join('; ') };
  }
  const likeDate = DATE_LIKE.exec(head);
  if (likeDate)
    return { kind: 'unrecognised', phrase: head.slice(0, 60), reason: 'not one of the date forms the reader knows' };
  return { kind: 'none' };
}
