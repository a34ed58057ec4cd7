// What `npm run import -- --docx` prints: what the file would change (or changed) and
// every finding with its place, one per line, for a person to check against Word.
import type { DocxImportResult } from '../../shared/import/docx';

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function describeChanges(result: DocxImportResult, verb: string): string[] {
  const { changes } = result;
  const lines = [
    `${result.year} report, plan ${changes.plan.planId} (${changes.plan.status === 'new' ? 'new' : 'exists'})`,
    `${verb}: ${count(changes.executors.new.length, 'executor')}, ${count(changes.executors.facts.length, 'rename or liquidation', 'renames or liquidations')}, ` +
      `${count(changes.sections.new.length, 'section')}, ${count(changes.measures.new.length, 'measure')}, ${count(changes.entries.new.length, 'entry', 'entries')}; ` +
      `${count(changes.entries.present.length, 'entry', 'entries')} already present`,
  ];
  for (const executor of changes.executors.new) lines.push(`  new executor ${executor.executorId}: ${executor.name}`);
  for (const fact of changes.executors.facts) lines.push(`  new ${fact}`);
  for (const section of changes.sections.new) lines.push(`  new section ${section}`);
  for (const measure of changes.measures.new) lines.push(`  new measure ${measure}`);
  for (const entry of changes.entries.new)
    lines.push(`  new entry ${entry.measure} ${entry.reportId} (${entry.period}): ${entry.excerpt}`);
  for (const entry of changes.entries.present)
    lines.push(`  present  ${entry.measure} ${entry.reportId}: ${entry.excerpt}`);
  return lines;
}

export function describeFindings(result: DocxImportResult): string[] {
  const by = (level: string) => result.findings.filter((f) => f.level === level).length;
  const lines = [
    `findings: ${count(by('skipped'), 'skipped', 'skipped')}, ${count(by('warning'), 'warning')}, ${count(by('note'), 'note')}`,
  ];
  for (const finding of result.findings) {
    const excerpt = finding.excerpt ? ` «${finding.excerpt}»` : '';
    lines.push(`  ${finding.level.padEnd(7)} ${finding.where}: ${finding.message}${excerpt}`);
  }
  return lines;
}
