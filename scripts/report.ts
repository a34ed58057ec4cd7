// npm run report -- --plan <id> --year 2023 [--party <party>] [--format json|html|docx|csv]
//   [--out file] [--appendix] [--as-of <ISO instant> | --position <n>] [--stack <name>]
// Builds the yearly report from the local store (or a stack's) by replaying the log
// (the same code as the API and the publication) and writes it to a file or stdout.
import fs from 'node:fs';
import { buildReportModel } from '../shared/report/build-model';
import { REPORT_FORMATS, type ReportFormat } from '../shared/report/model';
import { renderReport } from '../shared/report/render';
import { replayViews } from '../shared/views/replay';
import { args, need, runIfMain, TARGET_OPTIONS, TARGET_USAGE, targetOf, UsageError, yearOf } from './lib/cli';
import { withSystem } from './lib/local-env';

const USAGE =
  'usage: npm run report -- --plan <planId> --year <year> [--party <party>] [--format json|html|docx|csv] [--out <file>] [--appendix] ' +
  `[--as-of <ISO instant> | --position <n>] ${TARGET_USAGE}`;

export async function main(argv: string[]): Promise<void> {
  const { values } = args(
    {
      plan: { type: 'string' },
      year: { type: 'string' },
      party: { type: 'string' },
      format: { type: 'string', default: 'html' },
      out: { type: 'string' },
      appendix: { type: 'boolean', default: false },
      'as-of': { type: 'string' },
      position: { type: 'string' },
      ...TARGET_OPTIONS,
    },
    USAGE,
    argv,
  );
  const planId = need(values.plan, '--plan', USAGE);
  const year = yearOf(need(values.year, '--year', USAGE), USAGE);
  const format = values.format as ReportFormat;
  if (!REPORT_FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}\n\n${USAGE}`);
  if (format === 'docx' && !values.out) throw new UsageError(`a DOCX needs --out <file>\n\n${USAGE}`);
  const target = targetOf(values, USAGE);
  await withSystem(target, async ({ system }) => {
    const limit = values['as-of']
      ? { asOf: values['as-of'] }
      : values.position
        ? { position: Number(values.position) }
        : {};
    const state = await replayViews(system.store, limit, { snapshots: system.snapshots });
    const model = await buildReportModel(state.views, {
      planId,
      year,
      position: state.position,
      chainHash: state.hash,
      includeAppendix: values.appendix,
      party: values.party ?? null,
    });
    const rendered = await renderReport(model, format);
    if (values.out) {
      fs.writeFileSync(values.out, rendered.body);
      process.stderr.write(`wrote ${values.out} (${rendered.body.byteLength} bytes; log position ${model.position})\n`);
    } else process.stdout.write(rendered.body);
  });
}

runIfMain(import.meta.url, main);
