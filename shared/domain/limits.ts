// Bounds on what the ledger accepts. Documented here so the API, the import and the
// docs quote one source; changing one is a policy decision, not a refactoring.

/** An execution entry's text («Информация о ходе исполнения»). */
export const MAX_TEXT_LENGTH = 10_000;
/** Titles: plan, report heading phrase, section, measure. */
export const MAX_TITLE_LENGTH = 2_000;
/** Names of executors (full or short) and of parties. */
export const MAX_NAME_LENGTH = 500;
/** A place («г. Смоленск»), a term («2021-2023 годы»), a key label, an executor kind. */
export const MAX_SHORT_TEXT_LENGTH = 200;
/** Reasons given for corrections, withdrawals, amendments, revocations; liquidation notes. */
export const MAX_REASON_LENGTH = 2_000;
/** Identifiers: executor, plan, report, API key ids. */
export const MAX_ID_LENGTH = 100;
/** Plans one API key may be limited to. */
export const MAX_PLANS_PER_KEY = 20;
/**
 * Sections of one plan (an import document holds at most as many). Every write on the plan's
 * measures is decided on the plan's state, which lists them.
 */
export const MAX_SECTIONS_PER_PLAN = 500;
/** Responsible executors of one measure. */
export const MAX_EXECUTORS_PER_MEASURE = 50;
/** Participants or regions of one entry. */
export const MAX_COUNT = 1_000_000_000;
/**
 * Renames of one executor. Each is an event on its stream and a part of its footnote in every
 * year's report from its date on: unbounded, a party's coordinator renaming its executor
 * without end (two names in turn, one date) made the joint report too large to build. The
 * import document takes as many.
 */
export const MAX_RENAMES_PER_EXECUTOR = 100;
/** Parties that sign one plan. */
export const MAX_PARTIES = 10;
/** Parts of a measure number (2.1.3 has three), and digits in each. */
export const MAX_NUMBER_PARTS = 6;
export const MAX_NUMBER_DIGITS = 6;
/** The sane range for plan years and dated periods. */
export const MIN_YEAR = 1990;
export const MAX_YEAR = 2100;
/**
 * The budget of one measure in one report year: its live entries (withdrawn ones do not
 * count), and the characters of their text and place together. A policy, not a technical
 * bound, quoted by the API (409 `year_budget_exceeded`) and the docs: the yearly report is
 * built and rendered whole in memory, so what one agency posts on its own measure must not
 * be able to stop a year's publication for everyone. The seed's largest measure-year holds
 * 8 entries and about 3,000 characters. A measure at these limits adds at most about 1 MB to
 * each format and about 55-60 MB to the DOCX renderer's peak (some 55 KB per entry);
 * every measure of the seed plan at them is docs/BUDGET.md's measurement. An entry counts in
 * every year whose report shows it (a range crossing years in each). Only growth is refused:
 * a correction that shrinks, and a withdrawal, are taken (the first until the year has had
 * MAX_CHANGES_PER_MEASURE_YEAR changes). Each succession line has half of each
 * (MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR, MAX_TEXT_PER_EXECUTOR_MEASURE_YEAR), however many
 * lines the measure names; these bind where three lines or more share a year.
 */
export const MAX_ENTRIES_PER_MEASURE_YEAR = 1_000;
export const MAX_TEXT_PER_MEASURE_YEAR = 200_000;
/**
 * Entries reported and corrections made in one measure's year, withdrawn or not: without it
 * a client correcting without end (or withdrawing and reporting again) would grow the
 * measure's stream, and every cold write on it, without bound. Past it the year takes only
 * withdrawals. Five changes for each entry the year may hold.
 */
export const MAX_CHANGES_PER_MEASURE_YEAR = 5 * MAX_ENTRIES_PER_MEASURE_YEAR;
/**
 * Of those, the changes to one executor's entries (whoever makes them: the agency, its
 * successor, the coordinator). Half the measure's, so no one agency can use up a shared
 * measure's year for its co-executors: the count never goes down, so a year used up stays so.
 * A succession line has one share: a successor acts for its predecessors' entries.
 */
export const MAX_CHANGES_PER_EXECUTOR_MEASURE_YEAR = MAX_CHANGES_PER_MEASURE_YEAR / 2;
/**
 * The live entries of one succession line (an executor, those it succeeded and those that
 * succeeded it) take at most half the year's live entries and half its characters: else one
 * agency filling the year alone left its co-executors, the other region's agencies, no entry
 * of the year, and they may not withdraw its entries. A sole line has its half too (the
 * seed's largest measure-year holds 8 entries and about 3,000 characters), so an executor
 * named beside it later in the year finds the other half free; the measure's not being
 * shared yet does not matter. Only growth is refused, as for the measure's.
 */
export const MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR = MAX_ENTRIES_PER_MEASURE_YEAR / 2;
export const MAX_TEXT_PER_EXECUTOR_MEASURE_YEAR = MAX_TEXT_PER_MEASURE_YEAR / 2;
/** The most one entry counts of a characters budget: its longest text and place. */
export const MAX_COUNTED_PER_ENTRY = MAX_TEXT_LENGTH + MAX_SHORT_TEXT_LENGTH;
