// What `verify` checks of the snapshots: one replay of the log writes each stored snapshot
// again, in memory, at its position; the stored manifest must be the one the replay gives
// (the format depends on the state alone) and every blob it names must hold those bytes.
// The first snapshot that differs is named, with the blob.
import { sha256Hex } from '../store/canonical';
import type { EventStore } from '../store/event-store';
import { MemorySnapshotStore, type SnapshotStore } from './snapshot-store';
import { Snapshotter } from './snapshotter';

export type SnapshotReport =
  | { ok: true; snapshotsChecked: number; blobsChecked: number }
  | { ok: false; position: number; place: string; detail: string; snapshotsChecked: number };

export async function verifySnapshots(
  store: Pick<EventStore, 'readAll'>,
  snapshots: Pick<SnapshotStore, 'entries' | 'getBlob'>,
  options: { upTo?: number } = {},
): Promise<SnapshotReport> {
  const expected = new MemorySnapshotStore();
  // Verify runs where the whole log is replayed anyway: no memory budget of the projector's.
  const rebuild = new Snapshotter({
    store,
    snapshots: expected,
    maxStateBytes: Number.POSITIVE_INFINITY,
    holdState: true,
  });
  let snapshotsChecked = 0;
  let blobsChecked = 0;
  for await (const entry of snapshots.entries()) {
    if (options.upTo !== undefined && entry.position > options.upTo) break;
    const fail = (place: string, detail: string): SnapshotReport => ({
      ok: false,
      position: entry.position,
      place,
      detail: `the snapshot at position ${entry.position}: ${detail}`,
      snapshotsChecked,
    });
    const stored = await snapshots.getBlob(entry.manifest, true);
    if (!stored || sha256Hex(stored) !== entry.manifest)
      return fail(
        `snapshot/${entry.manifest}`,
        `its manifest ${entry.manifest} is ${stored ? 'not those bytes' : 'missing'}`,
      );
    const { every } = JSON.parse(new TextDecoder().decode(stored)) as { every?: unknown };
    let wanted: Awaited<ReturnType<Snapshotter['writeAt']>>;
    try {
      wanted = await rebuild.writeAt(entry.position, typeof every === 'number' ? every : rebuild.every);
    } catch (error) {
      return fail(`snapshots/${entry.position}`, `the log cannot be replayed to it (${(error as Error).message})`);
    }
    if (wanted.chainHash !== entry.chainHash)
      return fail(`snapshots/${entry.position}`, 'its chain hash is not the log’s');
    if (wanted.maxRecordedAt !== entry.maxRecordedAt)
      return fail(`snapshots/${entry.position}`, `it says the latest event was recorded at ${entry.maxRecordedAt}`);
    if (wanted.manifest !== entry.manifest)
      return fail(
        `snapshots/${entry.position}`,
        `it names manifest ${entry.manifest}; the replay gives ${wanted.manifest}`,
      );
    // The blobs this snapshot adds to the ones before it: each stored one must hold the replay's bytes.
    for (const [hash, bytes] of expected.blobs) {
      const stored = await snapshots.getBlob(hash, true);
      if (!stored) return fail(`snapshot/${hash}`, `blob ${hash} is missing`);
      if (sha256Hex(stored) !== hash)
        return fail(`snapshot/${hash}`, `blob ${hash} holds other bytes (${describe(bytes)})`);
      blobsChecked++;
    }
    expected.blobs.clear();
    snapshotsChecked++;
  }
  return { ok: true, snapshotsChecked, blobsChecked };
}

/** Which documents a blob should hold, to name them in the report. */
function describe(bytes: Uint8Array): string {
  const body = JSON.parse(new TextDecoder().decode(bytes)) as { pk?: string; items?: [string][]; refs?: unknown[] };
  if (body.pk !== undefined) return `documents of ${body.pk} from ${body.items?.[0]?.[0] ?? ''}`;
  if (body.refs !== undefined) return `a page of ${body.refs.length} chunk references`;
  return 'the manifest';
}
