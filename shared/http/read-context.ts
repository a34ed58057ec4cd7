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

export const ReadQuerySchema = z.object({
  minPosition: z.coerce.number().int().min(0).optional().openapi({
    description: 'Wait (briefly) until the views reflect this log position; same as the X-Min-Position header.',
  }),
  asOf: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: 'Answer as the system would have at this instant (ISO 8601), by replaying the log.' }),
  asOfPosition: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .openapi({ description: 'Answer as of this log position, by replaying the log.' }),
});
export type ReadQuery = z.infer<typeof ReadQuerySchema>;

/** A read of one page of a collection: `after` the cursor the last page gave, `limit` items (1-1000, default 100). */
export function PageQuery<T extends z.ZodType>(after: T, what: string) {
  return ReadQuerySchema.extend({
    after: (after as z.ZodType).optional().openapi({ description: `The next page: ${what}.` }) as z.ZodOptional<T>,
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .openapi({ description: 'Items per page, 1-1000 (default 100).' }),
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
