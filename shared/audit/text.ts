// Plain-text verdicts for the command line: one clear line per finding.
import type { PublicationCheck } from './check-publication';
import type { AuditVerdict } from './verify';

export function describeVerdict(verdict: AuditVerdict, source: string): string {
  const integrity = verdict.integrity;
  const checked = integrity
    ? `; index, tips, head and guards agree with the log (${integrity.checked.streams} streams, ${integrity.checked.guards} commands)`
    : '';
  if (verdict.ok) {
    const range =
      verdict.count === 0 ? 'no events' : `positions ${verdict.from}..${verdict.to} (${verdict.count} events)`;
    return `OK: ${source} verifies: ${range}; hash at ${verdict.to}: ${verdict.headHash}${checked}`;
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
  const failed = check.formats.filter((f) => !f.ok || f.supplied?.ok === false).map((f) => f.format);
  lines.push(
    check.ok
      ? `verdict: REPRODUCED — every published file (${check.formats.map((f) => f.format).join(', ')}) is rebuilt byte for byte from the export`
      : `verdict: NOT REPRODUCED — ${[...(check.chainOk ? [] : ['chain hash']), ...failed].join(', ')} differ`,
  );
  return lines;
}
