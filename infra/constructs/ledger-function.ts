// NodejsFunction with the project's defaults, and `bindTable` to hand a function a table:
// the env var carrying the physical name and the matching IAM grant, in one call.
import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Charset, NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { TableDefinition } from '../../shared/config/tables';
import { entryPath, LOCK_FILE, PROJECT_ROOT } from '../paths';

/** Runtime and esbuild target move together. */
export const LEDGER_RUNTIME = Runtime.NODEJS_24_X;
const ESBUILD_TARGET = 'node24';

// ESM bundles have no `require`; CommonJS dependencies bundled into them still call it.
const ESM_REQUIRE_SHIM = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

// The values shared/runtime/logger.ts accepts (lower case); infra does not import it.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
/** `append`: read, and add items through transactions, but never delete: the log is append-only. */
export type TableAccess = 'read' | 'append' | 'readWrite';

export interface LedgerFunctionProps
  extends Pick<
    NodejsFunctionProps,
    'description' | 'memorySize' | 'timeout' | 'retryAttempts' | 'maxEventAge' | 'onFailure'
  > {
  /** Handler module relative to the repository root, e.g. `functions/api.ts`. */
  readonly entry: string;
  /** @default 'info' */
  readonly logLevel?: LogLevel;
  /** @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
}

export class LedgerFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: LedgerFunctionProps) {
    const { entry, logLevel = 'info', logRetention = RetentionDays.THREE_MONTHS, ...rest } = props;
    super(scope, id, {
      memorySize: 512,
      timeout: Duration.seconds(30),
      ...rest,
      entry: entryPath(entry),
      handler: 'handler',
      runtime: LEDGER_RUNTIME,
      architecture: Architecture.ARM_64,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: LOCK_FILE,
      // The log group is a sibling: it must exist before super() returns `this`.
      logGroup: new LogGroup(scope, `${id}Logs`, { retention: logRetention }),
      environment: {
        LOG_LEVEL: logLevel,
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
      },
    });
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
    } else table.grantReadData(this);
    return this;
  }
}
