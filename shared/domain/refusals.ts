// Every business refusal the domain can give, with its error class (hence HTTP status).
// The codes are stable and documented: clients switch on them, so never rename one.
import { ForbiddenError, NotFoundError, RuleViolation } from '../errors';

export const REFUSALS = {
  // who may do what
  forbidden_role: ForbiddenError,
  not_own_executor: ForbiddenError,
  not_report_owner: ForbiddenError,
  not_responsible_agency: ForbiddenError,
  // what a limited key may reach (its scope: plans, and a coordinator's party)
  plan_out_of_scope: ForbiddenError,
  executor_of_other_party: ForbiddenError,
  party_key_cannot_change_plan: ForbiddenError,
  publication_of_other_party: ForbiddenError,
  key_party_outside_scope: ForbiddenError,
  key_plans_outside_scope: ForbiddenError,
  whole_log_out_of_scope: ForbiddenError,
  stream_out_of_scope: ForbiddenError,
  // executors
  executor_exists: RuleViolation,
  executor_not_found: NotFoundError,
  executor_liquidated: RuleViolation,
  rename_changes_nothing: RuleViolation,
  rename_out_of_order: RuleViolation,
  executor_renames_exceeded: RuleViolation,
  successor_not_found: NotFoundError,
  successor_is_self: RuleViolation,
  successor_liquidated: RuleViolation,
  successor_of_other_party: RuleViolation,
  // plans and sections
  plan_exists: RuleViolation,
  plan_not_found: NotFoundError,
  section_exists: RuleViolation,
  section_not_found: NotFoundError,
  plan_sections_full: RuleViolation,
  party_not_found: NotFoundError,
  // measures
  measure_exists: RuleViolation,
  measure_not_found: NotFoundError,
  measure_outside_section: RuleViolation,
  term_outside_plan: RuleViolation,
  amendment_changes_nothing: RuleViolation,
  // execution entries
  executor_not_responsible: RuleViolation,
  period_after_liquidation: RuleViolation,
  period_outside_plan: RuleViolation,
  report_exists: RuleViolation,
  report_not_found: NotFoundError,
  report_withdrawn: RuleViolation,
  correction_changes_nothing: RuleViolation,
  // what a measure may hold in one report year (limits.ts): entries, their characters, changes,
  // and one succession line's share of them
  year_budget_exceeded: RuleViolation,
  // API keys
  apikey_exists: RuleViolation,
  apikey_not_found: NotFoundError,
  apikey_revoked: RuleViolation,
  // publications
  publication_outdated: RuleViolation,
  publication_current: RuleViolation,
  // checkpoints of the Merkle tree
  checkpoint_invalid: RuleViolation,
  checkpoint_not_newer: RuleViolation,
  checkpoint_inconsistent: RuleViolation,
} as const;

export type RefusalCode = keyof typeof REFUSALS;

/** Throws the typed error for `code`. */
export function refuse(code: RefusalCode, message: string, extras: Record<string, unknown> = {}): never {
  throw new REFUSALS[code](code, message, extras);
}
