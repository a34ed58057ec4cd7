// cdk-nag: the AwsSolutions and Serverless rule packs check the synthesized stack
// (`npm run synth` and the infra tests fail on any finding). A rule that does not fit is
// acknowledged in code, on the construct it concerns, with the reason.
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
}

/** Acknowledges one rule (or one finding, `Rule[Finding]`) on a construct and everything in it. */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}
