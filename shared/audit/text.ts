// Plain-text verdicts for the command line: one clear line per finding.
import type { PublicationCheck } from './check-publication';
import type { AuditVerdict } from './verify';

export function describeVerdict(verdict: AuditVerdict, source: string): string {
  const integrity = verdict.integrity;
  const checked = integrity
    ? `; index, tips, head and guards agree with the log (${integrity.checked.streams} streams, ${integrity.checked.guards} commands)`
    : '';
  const tree = verdict.tree?.ok
    ? `; the Merkle tree of ${verdict.tree.size} events rebuilt from the log equals its ${verdict.tree.tilesChecked} stored tiles, ${verdict.tree.treeHeadsChecked} tree heads and ${verdict.tree.checkpointsChecked} recorded checkpoints (root ${verdict.tree.rootHash})`
    : '';
  if (verdict.ok) {
    const range =
      verdict.count === 0 ? 'no events' : `positions ${verdict.from}..${verdict.to} (${verdict.count} events)`;
    // A range of a store is the chain alone: say so, rather than let "OK" stand for the rest.
    const only =
      verdict.checks && !verdict.checks.includes('integrity')
        ? '; the chain only: the index, tips, head and guards, the tree, the snapshots and the views are checked when the whole log is'
        : '';
    return `OK: ${source} verifies: ${range}; hash at ${verdict.to}: ${verdict.headHash}${checked}${tree}${only}`;
  }
  if (verdict.problem === 'tree' && verdict.tree && !verdict.tree.ok) {
    return `NOT OK: ${source}: the chain holds over ${verdict.count} events${checked}, but the stored Merkle tree does not: ${verdict.tree.problem} at ${verdict.tree.place} (position ${verdict.tree.position}): ${verdict.tree.detail}`;
  }
  if (verdict.problem === 'integrity' && integrity) {
    return [
      `NOT OK: ${source}: the chain holds over ${verdict.count} events, but ${integrity.problemCount} item(s) the command side trusts disagree with the log:`,
      ...integrity.problems.map(
        (p) => `  ${p.kind} at position ${p.position ?? '-'}${p.streamId ? ` (${p.streamId})` : ''}: ${p.detail}`,
      ),
    ].join('\n');
  }
  return `NOT OK: ${source}: ${verdict.problem} at position ${verdict.position}: ${verdict.detail} (${verdict.count} events checked before it)`;
}

export function describePublicationCheck(check: PublicationCheck): string[] {
  const mark = (ok: boolean) => (ok ? 'ok      ' : 'MISMATCH');
  const lines = [
    `publication ${check.planId} ${check.year}${check.party !== null ? ` (${check.party})` : ''}, revision ${check.revision}: built at log position ${check.position}${check.includeAppendix ? ', with the appendix' : ''}`,
    `  ${mark(check.chainOk)} chain hash at ${check.position}: recorded ${check.recordedChainHash}, export ${check.chainHashAtPosition}`,
  ];
  for (const f of check.formats) {
    lines.push(
      `  ${mark(f.ok)} ${f.format.padEnd(4)} rebuilt sha256 ${f.rebuiltSha256} (${f.rebuiltBytes} bytes), recorded ${f.recordedSha256}`,
    );
    if (f.supplied)
      lines.push(`  ${mark(f.supplied.ok)} ${f.format.padEnd(4)} supplied file sha256 ${f.supplied.sha256}`);
  }
  const carried = check.carried;
  if (carried === null) {
    lines.push('  -        the publication carries no checkpoint (recorded before publications were bound to one)');
  } else {
    const c = carried.checkpoint;
    lines.push(
      `  ${mark(carried.noteOk)} the carried checkpoint's note states origin ${c.origin}, size ${c.size} (the report's position), root ${c.rootHash}`,
      `  ${mark(carried.rebuiltRootHash === c.rootHash)} carried checkpoint of ${c.size} events: root ${c.rootHash}, rebuilt from the export ${carried.rebuiltRootHash}`,
      carried.signature === 'not checked'
        ? '  -        carried checkpoint signature not checked (give --key <verifier key> from GET /v1/audit/public-key)'
        : `  ${mark(carried.signature === 'ok')} the carried checkpoint's signature under the verifier key`,
      carried.consistency === null
        ? '  -        no checkpoint recorded after the publication yet: the consistency from the carried one cannot be proved'
        : `  ${mark(carried.consistency.ok)} consistency from the carried checkpoint (${c.size}) to the checkpoint of ${carried.consistency.to} events recorded at position ${carried.consistency.recordedAt}: a proof of ${carried.consistency.proofHashes} hashes`,
    );
  }
  const cp = check.checkpoint;
  if (cp === null) {
    lines.push('  -        no checkpoint recorded after the publication yet: its inclusion cannot be proved');
  } else {
    lines.push(
      `  ${mark(cp.rebuiltRootHash === cp.rootHash)} checkpoint of ${cp.size} events recorded at position ${cp.recordedAt}: root ${cp.rootHash}, rebuilt from the export ${cp.rebuiltRootHash}`,
      `  ${mark(cp.included)} the publication event (position ${cp.eventPosition}) is included under it: a proof of ${cp.proofHashes} hashes`,
      cp.signature === 'not checked'
        ? '  -        signature not checked (give --key <verifier key> from GET /v1/audit/public-key)'
        : `  ${mark(cp.signature === 'ok')} the checkpoint's signature under the verifier key`,
    );
  }
  const failed = [
    ...check.formats.filter((f) => !f.ok || f.supplied?.ok === false).map((f) => f.format),
    ...(carried && !carried.ok ? ['carried checkpoint'] : []),
    ...(cp && !cp.ok ? ['checkpoint'] : []),
  ];
  lines.push(
    check.ok
      ? `verdict: REPRODUCED — every published file (${check.formats.map((f) => f.format).join(', ')}) is rebuilt byte for byte from the export${cp ? ', and the publication is in the signed log' : ''}`
      : `verdict: NOT REPRODUCED — ${[...(check.chainOk ? [] : ['chain hash']), ...failed].join(', ')} differ`,
  );
  return lines;
}
