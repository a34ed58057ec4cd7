// NodejsFunction with the project's defaults, and `bindTable` to hand a function a table:
// the env var carrying the physical name and the matching IAM grant, in one call.
import { Duration, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import {
  Charset,
  type ICommandHooks,
  NodejsFunction,
  type NodejsFunctionProps,
  OutputFormat,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { SERVICE_NAME_ENV } from '../../shared/config/observability';
import type { TableDefinition } from '../../shared/config/tables';
import { acknowledge } from '../nag';
import { entryPath, LOCK_FILE, PROJECT_ROOT } from '../paths';
import { ESBUILD_TARGET, ESM_REQUIRE_SHIM } from '../split-build.mjs';

/** Runtime and esbuild target (ESBUILD_TARGET in ../split-build.mjs) move together. */
export const LEDGER_RUNTIME = Runtime.NODEJS_24_X;

// The values shared/runtime/logger.ts accepts (lower case); infra does not import it.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
/**
 * `append`: read, and add items through transactions, but never delete: the log is append-only.
 * `putOnce`: read, and put items (conditionally, in code), never update, delete or batch-write:
 * published files are write-once.
 */
export type TableAccess = 'read' | 'append' | 'putOnce' | 'readWrite';

/** What a write-once table refuses to every function, whatever else it is granted. */
export const REWRITE_ACTIONS = [
  'dynamodb:DeleteItem',
  'dynamodb:UpdateItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLDelete',
  'dynamodb:PartiQLUpdate',
].sort();

export interface LedgerFunctionProps
  extends Pick<
    NodejsFunctionProps,
    'description' | 'memorySize' | 'timeout' | 'retryAttempts' | 'maxEventAge' | 'onFailure' | 'paramsAndSecrets'
  > {
  /** Handler module relative to the repository root, e.g. `functions/api.ts`. */
  readonly entry: string;
  /** @default 'info' */
  readonly logLevel?: LogLevel;
  /** @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /** A cap on (and a guarantee of) concurrent executions; none when null or absent. */
  readonly reservedConcurrency?: number | null;
  /**
   * Split the bundle into chunks that `import()` loads on first use, so module init reads
   * only what the entry imports statically (the API: README, "Benchmarks").
   * @default false
   */
  readonly splitting?: boolean;
}

const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * NodejsFunction has esbuild write one file (`--outfile`), and esbuild splits only into a
 * directory. So after its build `infra/split-build.mjs` builds again, split, writing
 * `index.mjs` (the handler) and its chunks over it, with the project's own esbuild.
 */
function splitBundle(entry: string): ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) => [
      ['node', `${inputDir}/infra/split-build.mjs`, `${inputDir}/${entry}`, outputDir].map(shellQuote).join(' '),
    ],
  };
}

export class LedgerFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: LedgerFunctionProps) {
    const {
      entry,
      logLevel = 'info',
      logRetention = RetentionDays.THREE_MONTHS,
      reservedConcurrency = null,
      splitting = false,
      ...rest
    } = props;
    super(scope, id, {
      memorySize: 512,
      timeout: Duration.seconds(30),
      ...rest,
      ...(reservedConcurrency === null ? {} : { reservedConcurrentExecutions: reservedConcurrency }),
      entry: entryPath(entry),
      handler: 'handler',
      runtime: LEDGER_RUNTIME,
      architecture: Architecture.ARM_64,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: LOCK_FILE,
      // The log group is a sibling: it must exist before super() returns `this`.
      logGroup: new LogGroup(scope, `${id}Logs`, { retention: logRetention }),
      // Powertools Tracer adds the DynamoDB calls as subsegments of the function's trace.
      tracing: Tracing.ACTIVE,
      environment: {
        LOG_LEVEL: logLevel,
        // The `service` of every log entry and metric: two stacks in one account never mix.
        [SERVICE_NAME_ENV]: Stack.of(scope).stackName,
        // Without it the bundled source maps are shipped but never used in stack traces.
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: ESBUILD_TARGET,
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        charset: Charset.UTF8,
        // Bundle the AWS SDK too: a pinned, tree-shaken client instead of the runtime's.
        externalModules: [],
        banner: ESM_REQUIRE_SHIM,
        ...(splitting ? { commandHooks: splitBundle(entry) } : {}),
      },
    });
    acknowledge(
      this,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'The AWS-managed basic execution role grants only writing to CloudWatch Logs.',
    );
    acknowledge(
      this,
      'AwsSolutions-IAM5[Resource::*]',
      'Only actions without resource-level permissions are granted on *: X-Ray PutTraceSegments and ' +
        'PutTelemetryRecords (active tracing) and, for the projector, DynamoDB ListStreams (test/infra checks this).',
    );
    for (const family of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
      acknowledge(
        this,
        `AwsSolutions-IAM5[Action::${family}]`,
        `With a customer-managed table key (context kmsKey), CDK's table grants include ${family}, on that key only.`,
      );
    }
  }

  /** Passes the table's physical name in `def.envVar` and grants exactly `access` to it. */
  bindTable(table: ITable, def: TableDefinition, access: TableAccess): this {
    this.addEnvironment(def.envVar, table.tableName);
    if (access === 'readWrite') table.grantReadWriteData(this);
    else if (access === 'append') {
      table.grantReadData(this);
      // What TransactWriteItems needs for Put, Update and ConditionCheck actions;
      // no DeleteItem, no BatchWriteItem: IAM backs up that the log is append-only.
      table.grant(this, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem');
      table.encryptionKey?.grantEncryptDecrypt(this);
    } else if (access === 'putOnce') {
      table.grantReadData(this);
      // PutItem alone: the code puts every item on a condition (absent, or the same bytes).
      table.grant(this, 'dynamodb:PutItem');
      table.encryptionKey?.grantEncryptDecrypt(this);
    } else table.grantReadData(this);
    return this;
  }

  /** An explicit deny: no later grant (e.g. grantReadWriteData) can let this function rewrite the table. */
  denyRewrites(table: ITable): this {
    this.addToRolePolicy(
      new PolicyStatement({ effect: Effect.DENY, actions: REWRITE_ACTIONS, resources: [table.tableArn] }),
    );
    return this;
  }
}
