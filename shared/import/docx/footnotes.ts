// The facts in a footnote, read back from the text the report generates for them
// (report/build-model.ts): «переименовано с 01.02.2023 года в <name>» and
// «ликвидировано с 14.03.2022 года, создан <successor>; <note>», joined by «; ».
import { isIsoDate, isoDate } from '../../domain/calendar';

export type FootnoteFact =
  | { kind: 'rename'; effectiveDate: string; newName: string }
  | { kind: 'liquidation'; effectiveDate: string; successorName: string | null; note: string | null };

export type FootnoteReading = { facts: FootnoteFact[]; unread: string[] };

const DATE = '(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})\\s*(?:года|г\\.?)?';
const RENAME = new RegExp(`^переименован[оаы]?\\s+с\\s+${DATE}\\s+в\\s+(\\S.*)$`, 'isu');
const LIQUIDATION = new RegExp(
  `^ликвидирован[оаы]?\\s+с\\s+${DATE}(?:\\s*,\\s*(?:создан[оаы]?|правопреемник[:\\s])\\s*(.+?))?(?:\\s*;\\s*(\\S.*))?$`,
  'isu',
);

function date(d: string | undefined, m: string | undefined, y: string | undefined): string | null {
  const iso = isoDate(Number(y), Number(m), Number(d));
  return isIsoDate(iso) ? iso : null;
}

/** Splits before each «переименовано с» / «ликвидировано с», so a liquidation keeps its «; note». */
function parts(text: string): string[] {
  return text
    .split(/;\s*(?=(?:переименован|ликвидирован)[оаы]?\s+с\s)/iu)
    .map((part) => part.trim().replace(/[.;]$/, ''))
    .filter(Boolean);
}

export function readFootnote(text: string): FootnoteReading {
  const facts: FootnoteFact[] = [];
  const unread: string[] = [];
  for (const part of parts(text.replace(/\s+/g, ' '))) {
    const rename = RENAME.exec(part);
    const liquidation = LIQUIDATION.exec(part);
    const renamedOn = rename && date(rename[1], rename[2], rename[3]);
    const liquidatedOn = liquidation && date(liquidation[1], liquidation[2], liquidation[3]);
    if (rename && renamedOn) facts.push({ kind: 'rename', effectiveDate: renamedOn, newName: rename[4]!.trim() });
    else if (liquidation && liquidatedOn) {
      facts.push({
        kind: 'liquidation',
        effectiveDate: liquidatedOn,
        successorName: liquidation[4]?.trim() || null,
        note: liquidation[5]?.trim() || null,
      });
    } else unread.push(part);
  }
  return { facts, unread };
}
