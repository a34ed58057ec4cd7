// The CDK app: one stack, checked by cdk-nag. Synthesizes offline; the account and
// region are pinned only when the CLI knows them (CDK_DEFAULT_*), otherwise the stack
// stays environment-agnostic. Context values: infra/context.ts, docs/OPERATIONS.md.
import { App, type Environment } from 'aws-cdk-lib';
import { readSettings } from './context';
import { LedgerStack } from './ledger-stack';
import { addNagChecks } from './nag';

const app = new App();

const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
const env: Environment = { ...(account ? { account } : {}), ...(region ? { region } : {}) };

new LedgerStack(app, 'RoadmapLedger', {
  env,
  description: 'Roadmap execution ledger: event log, projections, API and yearly report',
  ...readSettings(app.node),
});
addNagChecks(app);

app.synth();
