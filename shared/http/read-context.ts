// Which state a read answers from: the live views (waiting briefly for a client's
// own write via X-Min-Position), or the log replayed up to a moment (asOf /
// asOfPosition) with the very same projection code — never a second implementation.

import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ValidationError } from '../errors';
import { StoreUnavailableError } from '../store/errors';
import { type ReadState, replayViews } from '../views/replay';
import type { ApiDeps } from './deps';
import type { ApiEnv } from './env';

export const DEFAULT_MIN_POSITION_WAIT_MS = 3000;

/**
 * A whole number in a query or path, as its parameter documents it: digits only (an empty
 * `?to=` is refused, not read as 0), within [min, max].
 */
export function wholeNumber(min: number, max: number, description: string) {
  return z
    .string()
    .regex(/^\d{1,16}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .openapi({ type: 'integer', minimum: min, maximum: max, description });
}

export const POSITION_MAX = Number.MAX_SAFE_INTEGER;

/** A report year in a path: 1990-2100 (a year outside the plan's years is a 404). */
export const yearParam = () =>
  wholeNumber(1990, 2100, 'The year of the report.').openapi({ param: { name: 'year', in: 'path' }, example: 2023 });

export const ReadQuerySchema = z.object({
  minPosition: wholeNumber(
    0,
    POSITION_MAX,
    'Wait (up to 3 s) until the views reflect this log position; same as the X-Min-Position header. Beyond the head: 400.',
  ).optional(),
  asOf: z.iso.datetime({ offset: true }).optional().openapi({
    description:
      'Answer as the system would have at this instant (ISO 8601), by replaying the log. Not with asOfPosition.',
  }),
  asOfPosition: wholeNumber(
    0,
    POSITION_MAX,
    'Answer as of this log position, by replaying the log. Not with asOf; at most the head.',
  ).optional(),
});
export type ReadQuery = z.infer<typeof ReadQuerySchema>;

/** A read of one page of a collection: `after` the cursor the last page gave, `limit` items (1-1000, default 100). */
export function PageQuery<T extends z.ZodType>(after: T, what: string) {
  return ReadQuerySchema.extend({
    after: (after as z.ZodType).optional().openapi({ description: `The next page: ${what}.` }) as z.ZodOptional<T>,
    limit: wholeNumber(1, 1000, 'Items per page, 1-1000 (default 100).').optional(),
  });
}

export async function readState<E extends ApiEnv>(c: Context<E>, deps: ApiDeps, query: ReadQuery): Promise<ReadState> {
  if (query.asOf !== undefined && query.asOfPosition !== undefined) {
    throw new ValidationError('Give asOf or asOfPosition, not both.', [
      { path: 'asOfPosition', message: 'conflicts with asOf' },
    ]);
  }
  if (query.asOf !== undefined || query.asOfPosition !== undefined) {
    const head = await deps.store.head();
    if (query.asOfPosition !== undefined && query.asOfPosition > head.position) {
      throw new ValidationError(`asOfPosition is beyond the head (${head.position}).`, [
        { path: 'asOfPosition', message: `at most ${head.position}` },
      ]);
    }
    const state = await replayViews(
      deps.store,
      query.asOf !== undefined ? { asOf: query.asOf } : { position: query.asOfPosition! },
      { snapshots: deps.snapshots, logger: deps.logger },
    );
    setPositionHeaders(c, state);
    return state;
  }
  const header = c.req.header('x-min-position');
  const minPosition = query.minPosition ?? (header !== undefined ? Number(header) : undefined);
  if (minPosition !== undefined && !(Number.isSafeInteger(minPosition) && minPosition >= 0)) {
    throw new ValidationError('X-Min-Position must be a non-negative integer.', [
      { path: 'X-Min-Position', message: 'not a position' },
    ]);
  }
  const views = await deps.views();
  let checkpoint = await views.checkpoint();
  if (minPosition !== undefined && minPosition > checkpoint.position) {
    // A position the log has not reached cannot be waited for: say so at once.
    const head = await deps.store.head();
    if (minPosition > head.position) {
      throw new ValidationError(`minPosition is beyond the head of the log (${head.position}).`, [
        { path: 'minPosition', message: `at most ${head.position}` },
      ]);
    }
  }
  const deadline = Date.now() + (deps.minPositionWaitMs ?? DEFAULT_MIN_POSITION_WAIT_MS);
  while (minPosition !== undefined && checkpoint.position < minPosition) {
    if (Date.now() >= deadline) {
      throw new StoreUnavailableError(
        `The views reflect position ${checkpoint.position}, not yet ${minPosition}; retry shortly.`,
        'ViewsBehind',
      );
    }
    await new Promise((r) => setTimeout(r, 50));
    checkpoint = await views.checkpoint();
  }
  const state = { views, position: checkpoint.position, hash: checkpoint.hash, replayed: false };
  setPositionHeaders(c, state);
  return state;
}

function setPositionHeaders<E extends ApiEnv>(c: Context<E>, state: ReadState) {
  c.header('x-position', String(state.position));
  c.header('x-chain-hash', state.hash);
}
