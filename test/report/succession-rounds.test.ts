// Red team 6: a succession line has no bound on its length, and what follows it reads one
// executor a round. A party's coordinator may register an executor and liquidate the last of a
// line into it, without end (two commands a link); the report then loads the directory of the
// executors it names by their successors, one round trip (`getMany`) per link, and a decision
// on the line reads the executors wave by wave too (command-path ensureContext). 300 links here;
// on DynamoDB some 5-10 ms a round, 100,000 links would hold a publication, and every cold
// write on the measure, for many minutes. A bound on a line's length (the liquidation refused
// past it), or the successors' chain kept in one document, would make it a few rounds.
import { describe, expect, it } from 'vitest';
import { executeCommand } from '../../shared/commands/execute';
import type { Actor } from '../../shared/domain';
import type { ViewReader } from '../../shared/projections/view-store';
import { buildReportModel } from '../../shared/report/build-model';
import { replayViews } from '../../shared/views/replay';
import { AT, SEED_PLAN, seededStore } from '../import/support';

const LINKS = 300;
const smolensk: Actor = { keyId: 'key-smolensk', role: 'coordinator', party: 'Смоленская область' };

describe('a line of 300 successors of an executor the plan names', () => {
  it.fails('is loaded for the report in a bounded number of reads', async () => {
    const store = await seededStore();
    let n = 0;
    const run = (command: Record<string, unknown>) =>
      executeCommand(store, { ...command, actor: smolensk, at: AT } as never, {
        commandId: `link-${++n}`,
        fingerprint: `link-${n}`,
        recordedAt: AT,
      });
    let previous = 'smolensk-sport-office';
    for (let i = 0; i < LINKS; i++) {
      const id = `link-${i}`;
      await run({ type: 'RegisterExecutor', executorId: id, fullName: `Учреждение ${i}`, party: 'Смоленская область' });
      await run({ type: 'LiquidateExecutor', executorId: previous, effectiveDate: '2024-01-01', successorId: id });
      previous = id;
    }
    const state = await replayViews(store, {});
    let rounds = 0;
    const views: ViewReader = {
      get: (pk, sk) => state.views.get(pk, sk),
      getMany: (keys) => {
        rounds++;
        return state.views.getMany(keys);
      },
      query: (pk, prefix, options) => state.views.query(pk, prefix, options),
      checkpoint: () => state.views.checkpoint(),
      projectorFailure: () => state.views.projectorFailure(),
    };
    await buildReportModel(views, {
      planId: SEED_PLAN,
      year: 2023,
      position: state.position,
      chainHash: state.hash,
      includeAppendix: false,
      party: null,
    });
    expect(rounds).toBeLessThan(50);
  });
});
