// What a verification of the live store checks beside the chain, the same for the API's
// `/v1/audit/verify` and the auditor's page `/audit/verify`: the Merkle tree, the
// snapshots and the live views, with the views' comparison bounded by the request's time.
import type { AuditVerifyOptions } from '../audit/verify';
import type { ScannableViews, ViewReader } from '../projections/view-store';
import type { ApiDeps } from './deps';

/**
 * API Gateway answers 504 at 29 s. The chain stops (`unfinished`, to go on from where it
 * got) after two thirds of 24 s, and the checks beside it start only before then. The index
 * scan (about 1.5 times the chain's read), the snapshots' replay and the views' comparison
 * each give up at 24 s (`unfinished`, `views_unchecked`), leaving the rest to answer.
 */
export const VERIFY_BUDGET_MS = 24_000;

export function liveVerifyOptions(deps: ApiDeps): AuditVerifyOptions {
  const now = () => deps.clock().getTime();
  const started = now();
  const budget = deps.verifyBudgetMs ?? VERIFY_BUDGET_MS;
  return {
    ...(deps.tiles ? { tiles: deps.tiles } : {}),
    ...(deps.snapshots ? { snapshots: deps.snapshots } : {}),
    views: async () => scannable(await deps.views()),
    deadline: started + Math.round((budget * 2) / 3),
    sideDeadline: started + budget,
    viewsDeadline: started + budget,
    now,
  };
}

/** The views readers use, as verify reads them: every store the system builds can hand out all its documents. */
function scannable(views: ViewReader): ScannableViews {
  if (!isScannable(views)) throw new Error('these views cannot be read whole to verify them');
  return views;
}

function isScannable(views: ViewReader): views is ViewReader & ScannableViews {
  return 'documents' in views && 'generation' in views;
}
