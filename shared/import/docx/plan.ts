// Which plan a Word report belongs to: the one given (--plan), else the directory's plan
// with the same report title, else a new plan read from the heading: its title (the
// heading's genitive «Плана …» made «План …», «(далее – План)» dropped), years
// («на 2021-2023 годы») and parties («между … и …»), each reading reported.
import { normaliseText, textProblem } from '../../domain/text';
import type { ImportDocument } from '../document';
import type { Directory, DirectoryPlan } from './directory';
import { DocxRefusedError } from './errors';
import { type Findings, placeLabel } from './findings';
import { partiesFromTitle, shortHash } from './names';
import type { DocxReport } from './report-structure';
import { nameKey } from './text';

export interface ResolvedPlan {
  fields: ImportDocument['plan'];
  /** The plan as the directory holds it, when it exists already. */
  existing: DirectoryPlan | null;
}

/** «2021-2023 годы» → [2021, 2023]; «2023 год» → [2023, 2023]; null without a year. */
export function yearsIn(text: string): [number, number] | null {
  const years = [...text.matchAll(/\b(\d{4})\b/g)].map((m) => Number(m[1])).filter((y) => y >= 1990 && y <= 2100);
  if (years.length === 0) return null;
  return [Math.min(...years), Math.max(...years)];
}

function titleFrom(reportTitle: string): string {
  const withoutAlias = reportTitle.replace(/\s*\(\s*далее\s*[-–—]\s*План\s*\)\s*$/u, '');
  return withoutAlias.replace(/^Плана(\s)/u, 'План$1');
}

function fromDirectory(plan: DirectoryPlan): ResolvedPlan {
  const { planId, title, reportTitle, parties, fromYear, toYear } = plan.header;
  return { fields: { planId, title, reportTitle, parties: [...parties], fromYear, toYear }, existing: plan };
}

function newPlan(
  report: DocxReport,
  planId: string | undefined,
  directory: Directory,
  findings: Findings,
): ResolvedPlan {
  const refused = textProblem(normaliseText(report.reportTitle));
  if (refused) {
    throw new DocxRefusedError(
      'not_a_report',
      `The heading (${placeLabel(report.headingPlace)}) is the new plan's title, which the ledger refuses: it ${refused}. Correct it in Word and import again.`,
    );
  }
  const title = titleFrom(report.reportTitle);
  const titleYears = /на\s+(\d{4})\s*[-–—]\s*(\d{4})\s+год|на\s+(\d{4})\s+год/u.exec(title);
  let years: [number, number];
  if (titleYears) {
    years = titleYears[3]
      ? [Number(titleYears[3]), Number(titleYears[3])]
      : [Number(titleYears[1]), Number(titleYears[2])];
  } else {
    const terms = report.sections.flatMap((s) => s.measures.map((m) => yearsIn(m.term))).filter((y) => y !== null);
    years = [Math.min(report.year, ...terms.map((y) => y[0])), Math.max(report.year, ...terms.map((y) => y[1]))];
    findings.add(
      'warning',
      'plan_years_guessed',
      report.headingPlace,
      `The title names no years («на 2021-2023 годы»); the plan's years are taken from the terms: ${years[0]}-${years[1]}.`,
    );
  }
  const parties = partiesFromTitle(title);
  if (!parties) {
    throw new DocxRefusedError(
      'plan_unknown',
      'The heading does not name the parties («между … и …») and no existing plan has this title; create the plan first and give its id (--plan, or the form field plan).',
    );
  }
  const id = planId ?? `plan-${years[0]}-${years[1]}-${shortHash(nameKey(report.reportTitle), 8)}`;
  if (!planId && directory.plans.some((p) => p.header.planId === id)) {
    throw new DocxRefusedError(
      'plan_unknown',
      `Plan ${id} exists with another report title; give the plan's id with --plan.`,
    );
  }
  findings.add(
    'warning',
    'new_plan',
    report.headingPlace,
    `A new plan ${id}: «${title}», ${years[0]}-${years[1]}, parties «${parties.join('», «')}» (read from the heading; check them).`,
  );
  return {
    fields: { planId: id, title, reportTitle: report.reportTitle, parties, fromYear: years[0], toYear: years[1] },
    existing: null,
  };
}

export function resolvePlan(
  report: DocxReport,
  planId: string | undefined,
  directory: Directory,
  findings: Findings,
): ResolvedPlan {
  const byId = planId ? directory.plans.find((plan) => plan.header.planId === planId) : undefined;
  const byTitle = directory.plans.filter((plan) => nameKey(plan.header.reportTitle) === nameKey(report.reportTitle));
  const existing = byId ?? (planId ? undefined : byTitle.length === 1 ? byTitle[0] : undefined);
  if (existing) {
    if (nameKey(existing.header.reportTitle) !== nameKey(report.reportTitle)) {
      findings.add(
        'warning',
        'plan_title_differs',
        report.headingPlace,
        `Plan ${existing.header.planId} has the report title «${existing.header.reportTitle}»; the file's heading differs. The plan is kept as it is.`,
      );
    }
    return fromDirectory(existing);
  }
  if (!planId && byTitle.length > 1) {
    throw new DocxRefusedError(
      'plan_unknown',
      `Plans ${byTitle.map((p) => p.header.planId).join(', ')} all have this title; give one with --plan.`,
    );
  }
  return newPlan(report, planId, directory, findings);
}
