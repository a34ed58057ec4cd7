// The CDK app: one stack. Synthesizes offline; the account and region are pinned only
// when the CLI knows them (CDK_DEFAULT_*), otherwise the stack stays environment-agnostic.
import { App, type Environment } from 'aws-cdk-lib';
import { readPlanIds } from './context';
import { LedgerStack } from './ledger-stack';

const app = new App();

const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
const env: Environment = { ...(account ? { account } : {}), ...(region ? { region } : {}) };

new LedgerStack(app, 'RoadmapLedger', {
  env,
  description: 'Roadmap execution ledger: event log, projections, API and yearly report',
  planIds: readPlanIds(app.node),
});

app.synth();
