// Reads and checks the CDK context values the app accepts (`-c planIds=a,b`).
import type { Node } from 'constructs';

export const DEFAULT_PLAN_IDS = ['spb-smolensk-2021-2023'] as const;

// A plan id becomes part of a construct id and a schedule name; keep it to safe characters.
const PLAN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,47}$/;

/** Plan ids for the yearly report schedules: a comma separated string or a JSON list. */
export function readPlanIds(node: Node): string[] {
  const raw: unknown = node.tryGetContext('planIds');
  const list =
    raw === undefined ? [...DEFAULT_PLAN_IDS] : Array.isArray(raw) ? raw.map(String) : String(raw).split(',');
  const ids = [...new Set(list.map((id) => id.trim()).filter((id) => id !== ''))];
  if (ids.length === 0) throw new Error('context planIds: give at least one plan id');
  const bad = ids.filter((id) => !PLAN_ID.test(id));
  if (bad.length > 0) {
    const allowed = 'letters, digits, . _ -';
    throw new Error(`context planIds: invalid plan id(s) ${bad.join(', ')} (${allowed})`);
  }
  return ids;
}
