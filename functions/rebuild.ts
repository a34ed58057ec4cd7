// Lambda entry point of the rebuild: replays the whole log into a fresh generation of
// the views and switches readers to it. Invoked on demand, asynchronously.
// Payload (optional): { "keepOld": true } keeps the previous generation's items.

import { VIEWS_TABLE } from '../shared/config/tables';
import { rebuildViews } from '../shared/projections/rebuild';
import { rebuildTree } from '../shared/projections/tree-follower';
import { ledgerProjection } from '../shared/views/ledger-projection';
import { requireEnv } from './lib/env';
import { systemFromEnv } from './lib/system';

const { system, logger, instrument } = systemFromEnv('rebuild');
const viewsTable = requireEnv(VIEWS_TABLE.envVar);

export const handler = instrument(async (event: { keepOld?: boolean } | null) => {
  const report = await rebuildViews(
    { store: system.store, client: system.client, table: viewsTable, projection: ledgerProjection, logger },
    {
      keepOld: event?.keepOld === true,
      progressEveryMs: 10_000,
      onProgress: (progress) => logger.info('rebuild progress', { ...progress }),
    },
  );
  logger.info('rebuild finished', { ...report });
  const tree = await rebuildTree(system.tree, system.tiles, system.store, report.position);
  if (!tree.checked.ok) {
    logger.error('the Merkle tree disagrees with the log', { ...tree.checked });
    throw new Error(`the Merkle tree disagrees with the log at ${tree.checked.place}: ${tree.checked.detail}`);
  }
  logger.info('Merkle tree checked and extended', {
    tilesChecked: tree.checked.tilesChecked,
    treeHeadsChecked: tree.checked.treeHeadsChecked,
    size: tree.head.size,
  });
  return report;
});
