// Opening a snapshot for a read: its manifest checked against the address the index
// names, and its chain hash against the log's event at its position.
import type { EventStore } from '../store/event-store';
import { type Manifest, PROJECTION_VERSION, readBlob, SNAPSHOT_FORMAT, SnapshotIntegrityError } from './format';
import type { SnapshotEntry, SnapshotStore } from './snapshot-store';
import { SnapshotViews } from './snapshot-views';

export async function loadManifest(snapshots: Pick<SnapshotStore, 'getBlob'>, entry: SnapshotEntry): Promise<Manifest> {
  const bytes = await snapshots.getBlob(entry.manifest);
  if (!bytes)
    throw new SnapshotIntegrityError(`snapshot manifest ${entry.manifest} (position ${entry.position}) is missing`);
  const manifest = readBlob<Manifest>(entry.manifest, bytes, 'manifest');
  if (
    manifest.format !== SNAPSHOT_FORMAT ||
    manifest.projectionVersion !== PROJECTION_VERSION ||
    manifest.position !== entry.position ||
    manifest.chainHash !== entry.chainHash ||
    manifest.maxRecordedAt !== entry.maxRecordedAt
  ) {
    throw new SnapshotIntegrityError(
      `snapshot manifest ${entry.manifest} does not match its index entry at ${entry.position}`,
    );
  }
  return manifest;
}

/** The log's event at the snapshot's position must carry the snapshot's chain hash. */
export async function checkChainHash(store: Pick<EventStore, 'readAll'>, manifest: Manifest): Promise<void> {
  if (manifest.position === 0) return;
  const page = await store.readAll({ fromPosition: manifest.position, toPosition: manifest.position, limit: 1 });
  const event = page.events[0];
  if (event?.position !== manifest.position || event.hash !== manifest.chainHash) {
    throw new SnapshotIntegrityError(
      `snapshot at position ${manifest.position} names chain hash ${manifest.chainHash}, the log ${event?.hash ?? 'nothing'}`,
    );
  }
}

/** The views as of the snapshot `entry`, lazily loaded, or a SnapshotIntegrityError. */
export async function openSnapshot(
  store: Pick<EventStore, 'readAll'>,
  snapshots: Pick<SnapshotStore, 'getBlob' | 'getBlobs'>,
  entry: SnapshotEntry,
): Promise<SnapshotViews> {
  const [manifest] = await Promise.all([
    loadManifest(snapshots, entry),
    checkChainHash(store, { position: entry.position, chainHash: entry.chainHash } as Manifest),
  ]);
  return new SnapshotViews(snapshots, manifest);
}
