// The key checkpoints of the Merkle tree are signed with (docs/MERKLE.md): a generated
// Secrets Manager secret whose SHA-256 is the Ed25519 seed, kept when the stack goes
// (published checkpoints must stay verifiable) and never rotated (a new key would make
// the published verifier key useless). Functions that sign read it through the AWS
// Parameters and Secrets Lambda Extension.
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { ParamsAndSecretsLayerVersion, ParamsAndSecretsVersions } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { CHECKPOINT_ORIGIN_ENV, CHECKPOINT_SECRET_ENV } from '../../shared/config/checkpoint-key';
import { acknowledge } from '../nag';

export class CheckpointKey extends Construct {
  readonly secret: Secret;
  /** The log's origin: `roadmap-ledger.aws/<stack name>`. */
  readonly origin: string;
  /** Give it to a function's `paramsAndSecrets` to let it read the secret. */
  readonly layer = ParamsAndSecretsLayerVersion.fromVersion(ParamsAndSecretsVersions.V1_0_103);

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.origin = `roadmap-ledger.aws/${Stack.of(this).stackName}`;
    this.secret = new Secret(this, 'Secret', {
      description: `${Stack.of(this).stackName}: the checkpoint signing key (its SHA-256 is the Ed25519 seed)`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.secret,
      'AwsSolutions-SMG4',
      'Not rotated on purpose: checkpoints signed with it are published, and auditors hold its verifier key.',
    );
  }

  /** Lets `fn` sign: reads the secret, knows where it is and the origin. */
  grantSign(fn: NodejsFunction): void {
    this.secret.grantRead(fn);
    fn.addEnvironment(CHECKPOINT_SECRET_ENV, this.secret.secretArn);
    fn.addEnvironment(CHECKPOINT_ORIGIN_ENV, this.origin);
  }
}
