// Reads for the pages: the same read state as the API (live views, waiting briefly for
// the reader's own write; or the log replayed as of a moment), and query parameters
// read leniently — a page never answers 400 for a hand-edited link, it shows defaults.
import type { ApiDeps } from '../http/deps';
import { readState } from '../http/read-context';
import { StoreUnavailableError } from '../store/errors';
import type { ReadState } from '../views/replay';
import type { PageContext } from './env';

/**
 * The live views, at least at `minPosition` when the page shows the result of a write
 * there; when the views are still behind after the wait, the page says so (`behind`).
 */
export async function liveState(
  c: PageContext,
  deps: ApiDeps,
  minPosition?: number,
): Promise<ReadState & { behind: boolean }> {
  try {
    return { ...(await readState(c, deps, minPosition !== undefined ? { minPosition } : {})), behind: false };
  } catch (error) {
    if (!(error instanceof StoreUnavailableError && error.causeName === 'ViewsBehind')) throw error;
    return { ...(await readState(c, deps, {})), behind: true };
  }
}

/** An integer query parameter within bounds, or undefined. */
export function intQuery(c: PageContext, name: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || !/^\d{1,16}$/.test(raw)) return undefined;
  const value = Number(raw);
  return value >= min && value <= max ? value : undefined;
}

/** A text query parameter matching `pattern`, or undefined. */
export function textQuery(c: PageContext, name: string, pattern: RegExp): string | undefined {
  const raw = c.req.query(name);
  return raw !== undefined && raw.length <= 200 && pattern.test(raw) ? raw : undefined;
}

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
