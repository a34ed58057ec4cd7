// A measure's execution entries as its state keeps them: an immutable collection in the
// order reported, found by id. An agency may post any number of entries on a measure, so
// adding one must not copy the others: with a copied array, folding a measure of 50,000
// entries took 97 s (each event copied all before it), and every write copied them again.
//
// The states of one stream share one append-only log of entry versions (an entry and each
// of its corrections or its withdrawal), each state seeing the first `length` of them.
// Deriving a state from the latest one appends to the log: O(1). Deriving from an older
// one (a decision made again after a commit failed, a test's branch) copies its prefix
// first: O(n), and never changes what any other state sees.
//
// The log keeps superseded versions (corrections, withdrawals) until they outnumber the
// live entries, then a new state starts a compacted log: a state holds O(entries). Compare
// states by `toArray()`: structural equality also sees the log.
import type { ExecutionReport } from './state';

interface Log {
  /** Every version of every entry, in the order they happened. */
  readonly versions: ExecutionReport[];
  /** Entry id → the indexes of its versions in `versions`, ascending. */
  readonly index: Map<string, number[]>;
  /** Entry ids in the order first reported, with the index of their first version. */
  readonly order: { reportId: string; at: number }[];
}

/** Superseded versions a log may hold beyond twice its live entries before it is compacted. */
const SLACK = 32;

export class Reports implements Iterable<ExecutionReport> {
  private constructor(
    private readonly log: Log,
    private readonly length: number,
    /** Distinct entries among the first `length` versions. */
    readonly size: number,
  ) {}

  static empty(): Reports {
    return new Reports({ versions: [], index: new Map(), order: [] }, 0, 0);
  }

  static of(reports: Iterable<ExecutionReport>): Reports {
    let book = Reports.empty();
    for (const report of reports) book = book.with(report);
    return book;
  }

  /** The entry as this state knows it (its latest version here), or undefined. */
  get(reportId: string): ExecutionReport | undefined {
    const at = this.log.index.get(reportId);
    if (!at) return undefined;
    for (let i = at.length - 1; i >= 0; i--) if (at[i]! < this.length) return this.log.versions[at[i]!];
    return undefined;
  }

  has(reportId: string): boolean {
    return this.get(reportId) !== undefined;
  }

  /** A state with this entry added, or replacing the version of the same id. */
  with(report: ExecutionReport): Reports {
    // From the latest state, onto the shared log; from an older one, or when superseded
    // versions outnumber the live ones, onto a fresh log of this state's entries (O(n),
    // amortised O(1) by the slack, so repeated corrections do not pile up).
    const latest = this.length === this.log.versions.length;
    const base = latest && this.length <= 2 * this.size + SLACK ? this : this.compacted();
    const log = base.log;
    const isNew = !base.has(report.reportId);
    const at = log.versions.length;
    log.versions.push(report);
    const indexes = log.index.get(report.reportId);
    if (indexes) indexes.push(at);
    else log.index.set(report.reportId, [at]);
    if (isNew) log.order.push({ reportId: report.reportId, at });
    return new Reports(log, at + 1, base.size + (isNew ? 1 : 0));
  }

  /** The entries in the order reported, each as this state knows it. */
  *[Symbol.iterator](): Iterator<ExecutionReport> {
    for (const { reportId, at } of this.log.order) {
      if (at >= this.length) return;
      yield this.get(reportId)!;
    }
  }

  toArray(): ExecutionReport[] {
    return [...this];
  }

  /** As JSON, the entries in order (what the state looked like as an array). */
  toJSON(): ExecutionReport[] {
    return this.toArray();
  }

  /** This state on a log of its own holding only its entries' current versions. */
  private compacted(): Reports {
    const live = this.toArray();
    const log: Log = {
      versions: live,
      index: new Map(live.map((report, i) => [report.reportId, [i]])),
      order: live.map((report, i) => ({ reportId: report.reportId, at: i })),
    };
    return new Reports(log, live.length, live.length);
  }
}
