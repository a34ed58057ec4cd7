// The executors a Word report names, resolved against the directory: a --map entry
// first, then every name the directory knows (the plan's wording, current and earlier
// names, short forms). A name nobody has becomes a new executor (reported); a name two
// executors share is reported and left for --map. Footnotes add renames and
// liquidations the directory does not have yet.

import { MAX_NAME_LENGTH } from '../../domain/limits';
import { normaliseText, textProblem } from '../../domain/text';
import type { ImportExecutor } from '../document';
import type { DirectoryExecutor, NameIndex } from './directory';
import type { Findings, Place } from './findings';
import type { FootnoteFact } from './footnotes';
import { partyInName, slug, uniqueId } from './names';
import type { DocxExecutorName } from './report-model';
import { nameKey } from './text';

export interface Liquidation {
  effectiveDate: string;
  successorId: string | null;
}

type Lookup = { id: string } | 'none' | 'ambiguous';

export class ExecutorResolver {
  /** The import document's executors, in the order they were first needed. */
  readonly entries = new Map<string, ImportExecutor>();
  /** Ids this document registers (not in the directory). */
  readonly created = new Set<string>();
  /** Facts this document adds, for people: «liquidation of x on 2022-03-14». */
  readonly newFacts: string[] = [];
  private readonly mine = new Map<string, string>();

  constructor(
    private readonly index: NameIndex,
    private readonly parties: readonly string[],
    private readonly findings: Findings,
    private readonly map: ReadonlyMap<string, string>,
  ) {}

  directoryDoc(executorId: string): DirectoryExecutor | undefined {
    return this.index.executors.get(executorId);
  }

  /** The party of an executor of this document or the directory; null if neither has it. */
  partyOf(executorId: string): string | null {
    return this.entries.get(executorId)?.party ?? this.index.executors.get(executorId)?.party ?? null;
  }

  /** The party a line names exactly (the plan's, or one an executor of the directory belongs to), as spelled there. */
  partyNamed(line: string): string | null {
    if (!this.partyKeys) {
      this.partyKeys = new Map();
      for (const party of [...this.parties, ...[...this.index.executors.values()].map((x) => x.party)]) {
        if (!this.partyKeys.has(nameKey(party))) this.partyKeys.set(nameKey(party), party);
      }
    }
    return this.partyKeys.get(nameKey(line)) ?? null;
  }
  private partyKeys: Map<string, string> | undefined;

  /** Adds a directory executor to the document, registered exactly as it was. */
  include(executorId: string): string {
    if (this.entries.has(executorId)) return executorId;
    const doc = this.index.executors.get(executorId);
    if (!doc) throw new Error(`executor ${executorId} is not in the directory`);
    const registered = doc.names[0] ?? { name: doc.fullName, shortName: doc.shortName };
    this.entries.set(executorId, {
      executorId,
      fullName: registered.name,
      ...(registered.shortName ? { shortName: registered.shortName } : {}),
      party: doc.party,
      ...(doc.kind ? { kind: doc.kind } : {}),
    });
    return executorId;
  }

  /** The executor a name already stands for: --map, this document, the directory. */
  private lookup(name: string, place: Place, prefer: readonly string[], quiet: boolean): Lookup {
    const key = nameKey(name);
    const mapped = this.map.get(key);
    if (mapped) return { id: this.include(mapped) };
    const mine = this.mine.get(key);
    if (mine) return { id: mine };
    const match = this.index.match(name);
    if (match.kind === 'one') return { id: this.include(match.executorId) };
    if (match.kind === 'none') return 'none';
    const preferred = match.executorIds.filter((id) => prefer.includes(id));
    if (preferred.length === 1) return { id: this.include(preferred[0]!) };
    if (!quiet) {
      this.findings.add(
        'skipped',
        'ambiguous_executor',
        place,
        `«${name}» is a name of ${match.executorIds.join(', ')}; give --map "${name}=<executorId>".`,
      );
    }
    return 'ambiguous';
  }

  private create(name: string, place: Place, partyHint: string | null): string | null {
    if (name.length > MAX_NAME_LENGTH) {
      this.findings.add(
        'skipped',
        'name_too_long',
        place,
        `An executor name longer than ${MAX_NAME_LENGTH} characters.`,
        name,
      );
      return null;
    }
    const problem = textProblem(normaliseText(name));
    if (problem) {
      this.findings.add(
        'skipped',
        'name_text_refused',
        place,
        `An executor name the ledger refuses: it ${problem}. Remove those characters in Word and import again.`,
        name,
      );
      return null;
    }
    const executorId = uniqueId(slug(name), (id) => this.index.executors.has(id) || this.entries.has(id));
    let party = partyHint ?? partyInName(name, this.parties);
    if (!party) {
      party = this.parties[0]!;
      this.findings.add(
        'warning',
        'party_guessed',
        place,
        `No party of the plan is named in «${name}»; registered under «${party}».`,
      );
    }
    this.entries.set(executorId, { executorId, fullName: name, party });
    this.created.add(executorId);
    this.mine.set(nameKey(name), executorId);
    this.findings.add(
      'warning',
      'unmatched_executor',
      place,
      `«${name}» is not in the directory; it is registered as a new executor ${executorId} (party «${party}»). To use an existing one, give --map "${name}=<executorId>".`,
    );
    return executorId;
  }

  /** One name resolved, or created when nobody has it; null when it cannot be decided. */
  resolveName(
    name: string,
    place: Place,
    prefer: readonly string[] = [],
    partyHint: string | null = null,
  ): string | null {
    const found = this.lookup(name, place, prefer, false);
    if (found === 'none') return this.create(name, place, partyHint);
    return found === 'ambiguous' ? null : found.id;
  }

  /** The ids a printed name stands for: usually one; several when Word broke names onto lines without a blank line. */
  resolvePrinted(printed: DocxExecutorName, prefer: readonly string[], partyHint: string | null = null): string[] {
    const multiLine = printed.lines.length > 1;
    const whole = this.lookup(printed.name, printed.place, prefer, multiLine);
    if (typeof whole === 'object') return [whole.id];
    if (multiLine) {
      const parts = printed.lines.map((line) => this.lookup(line, printed.place, prefer, true));
      const ids = parts.flatMap((part) => (typeof part === 'object' ? [part.id] : []));
      if (ids.length === parts.length) {
        this.findings.add(
          'note',
          'names_on_lines',
          printed.place,
          `Line breaks separate ${ids.length} executors here; read as ${ids.length} names.`,
          printed.name,
        );
        return ids;
      }
      if (whole === 'ambiguous') this.lookup(printed.name, printed.place, prefer, false);
    }
    if (whole === 'ambiguous') return [];
    const created = this.create(printed.name, printed.place, partyHint);
    return created ? [created] : [];
  }

  liquidationOf(executorId: string): Liquidation | null {
    const added = this.entries.get(executorId)?.liquidation;
    if (added) return { effectiveDate: added.effectiveDate, successorId: added.successorId ?? null };
    const known = this.index.executors.get(executorId)?.liquidation;
    return known ? { effectiveDate: known.effectiveDate, successorId: known.successorId } : null;
  }

  /** Adds a footnote's facts to an executor, unless the directory has them already. */
  applyFacts(executorId: string, facts: readonly FootnoteFact[], place: Place): void {
    const entry = this.entries.get(executorId);
    if (!entry) return;
    const known = this.created.has(executorId) ? undefined : this.index.executors.get(executorId);
    for (const fact of facts) {
      if (fact.kind === 'rename') this.applyRename(entry, known, fact, place);
      else this.applyLiquidation(entry, known, fact, place);
    }
  }

  private applyRename(
    entry: ImportExecutor,
    known: DirectoryExecutor | undefined,
    fact: Extract<FootnoteFact, { kind: 'rename' }>,
    place: Place,
  ) {
    const same = known?.names.find((name) => nameKey(name.name) === nameKey(fact.newName));
    if (same && same.effectiveDate === fact.effectiveDate) return;
    if (same) {
      this.findings.add(
        'warning',
        'fact_differs',
        place,
        `${entry.executorId} was renamed «${fact.newName}» on ${same.effectiveDate} in the directory, on ${fact.effectiveDate} in the file; the directory is kept.`,
      );
      return;
    }
    // The rules rename only a live executor, and never before the latest rename recorded
    // (rename_out_of_order): such a rename is reported, not promised and then refused.
    if (known?.liquidation) {
      this.findings.add(
        'warning',
        'rename_of_liquidated',
        place,
        `${entry.executorId} was liquidated on ${known.liquidation.effectiveDate} in the directory; the file's rename on ${fact.effectiveDate} to «${fact.newName}» cannot be recorded after that and is not imported (the directory is kept).`,
      );
      return;
    }
    const latest = known?.names.reduce<string | null>(
      (at, name) => (name.effectiveDate !== null && (at === null || name.effectiveDate > at) ? name.effectiveDate : at),
      null,
    );
    if (latest && fact.effectiveDate < latest) {
      this.findings.add(
        'warning',
        'rename_out_of_order',
        place,
        `${entry.executorId} was renamed on ${latest} in the directory; the file's earlier rename on ${fact.effectiveDate} to «${fact.newName}» cannot be recorded after it and is not imported (the directory is kept).`,
      );
      return;
    }
    const renames = [...(entry.renames ?? []), { newName: fact.newName, effectiveDate: fact.effectiveDate }];
    entry.renames = renames.sort((a, b) => (a.effectiveDate < b.effectiveDate ? -1 : 1));
    this.newFacts.push(`rename of ${entry.executorId} on ${fact.effectiveDate} to «${fact.newName}»`);
  }

  private applyLiquidation(
    entry: ImportExecutor,
    known: DirectoryExecutor | undefined,
    fact: Extract<FootnoteFact, { kind: 'liquidation' }>,
    place: Place,
  ) {
    const existing = known?.liquidation;
    if (existing) {
      if (existing.effectiveDate !== fact.effectiveDate) {
        this.findings.add(
          'warning',
          'fact_differs',
          place,
          `${entry.executorId} was liquidated on ${existing.effectiveDate} in the directory, on ${fact.effectiveDate} in the file; the directory is kept.`,
        );
      }
      return;
    }
    const successorId = fact.successorName ? this.resolveName(fact.successorName, place, [], entry.party) : null;
    if (successorId === entry.executorId) {
      this.findings.add(
        'skipped',
        'successor_is_self',
        place,
        `The footnote names ${entry.executorId} as its own successor; the liquidation is not imported.`,
      );
      return;
    }
    entry.liquidation = {
      effectiveDate: fact.effectiveDate,
      ...(successorId ? { successorId } : {}),
      ...(fact.note ? { note: fact.note } : {}),
    };
    this.newFacts.push(
      `liquidation of ${entry.executorId} on ${fact.effectiveDate}${successorId ? `, successor ${successorId}` : ''}`,
    );
  }
}
