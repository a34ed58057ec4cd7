// Identifiers and parties for what a Word report introduces: an executor id is its
// name transliterated («Главное управление спорта» → glavnoe-upravlenie-sporta), and
// the parties of a new plan are read from its title («между Санкт-Петербургом и
// Смоленской областью»), their case endings undone for the common forms.
import { MAX_ID_LENGTH } from '../../domain/limits';
import { sha256Hex } from '../../store/canonical';

const LATIN: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

const SLUG_LENGTH = 60;

/** A readable id for a name: transliterated, lower case, words joined by «-», cut at a word. */
export function slug(name: string): string {
  const latin = [...name.toLowerCase()].map((char) => LATIN[char] ?? char).join('');
  const words = latin.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (words.length <= SLUG_LENGTH) return words;
  const cut = words.slice(0, SLUG_LENGTH);
  return cut.slice(0, cut.lastIndexOf('-') > 20 ? cut.lastIndexOf('-') : SLUG_LENGTH);
}

/** `base`, or `base-2`, `base-3`, … the first one `taken` does not hold. */
export function uniqueId(base: string, taken: (id: string) => boolean): string {
  const root = (base || 'executor').slice(0, MAX_ID_LENGTH - 4);
  if (!taken(root)) return root;
  for (let n = 2; ; n++) if (!taken(`${root}-${n}`)) return `${root}-${n}`;
}

/** A short stable suffix for ids derived from content. */
export function shortHash(text: string, length = 10): string {
  return sha256Hex(text).slice(0, length);
}

/** One word of a place name from the instrumental case («Смоленской областью») to the nominative. */
function nominativeWord(word: string): string {
  const rules: Array<[RegExp, string]> = [
    [/(ск|цк)ой$/u, '$1ая'],
    [/(ск|цк)им$/u, '$1ий'],
    [/ной$/u, 'ная'],
    [/ным$/u, 'ный'],
    [/аем$/u, 'ай'],
    [/ью$/u, 'ь'],
    [/ем$/u, 'ь'],
    [/ом$/u, ''],
    [/ой$/u, 'а'],
  ];
  for (const [ending, replacement] of rules) if (ending.test(word)) return word.replace(ending, replacement);
  return word;
}

/** «Санкт-Петербургом» → «Санкт-Петербург», «Смоленской областью» → «Смоленская область». */
export function nominativePlace(phrase: string): string {
  return phrase
    .trim()
    .split(/\s+/)
    .map((word) => (/^[А-ЯЁа-яё-]+$/u.test(word) ? nominativeWord(word) : word))
    .join(' ');
}

/** The two parties a title names: «… между X и Y на 2021-2023 годы». */
export function partiesFromTitle(title: string): [string, string] | null {
  const match = /между\s+(.+?)\s+и\s+(.+?)(?:\s+на\s+\d{4}|\s*\(|$)/u.exec(title);
  if (!match) return null;
  return [nominativePlace(match[1]!), nominativePlace(match[2]!)];
}

/** The stems of a party's words («Смоленская область» → смоленск, облас). */
function stems(party: string): string[] {
  return party
    .toLowerCase()
    .split(/[\s-]+/)
    .filter((word) => word.length >= 4)
    .map((word) => word.slice(0, Math.max(4, word.length - 2)));
}

/** The party whose name the executor's name contains («… Смоленской области» → Смоленская область). */
export function partyInName(name: string, parties: readonly string[]): string | null {
  const words = name.toLowerCase().split(/[\s«»"()-]+/);
  const found = parties.filter((party) => {
    const partyStems = stems(party);
    return partyStems.length > 0 && partyStems.every((stem) => words.some((word) => word.startsWith(stem)));
  });
  return found.length === 1 ? found[0]! : null;
}
