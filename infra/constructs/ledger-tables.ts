// The three DynamoDB tables, built from the shared definitions the local runtime also
// uses, so names, keys and the stream cannot drift between DynamoDB Local and AWS.
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  type ITable,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import {
  ARTIFACTS_TABLE,
  EVENTS_TABLE,
  type KeyType,
  type TableDefinition,
  VIEWS_TABLE,
} from '../../shared/config/tables';
import { acknowledge } from '../nag';

/** How much a table is worth keeping: the only thing infra adds to a definition. */
interface Durability {
  readonly pointInTimeRecovery: boolean;
  readonly deletionProtection: boolean;
  readonly removalPolicy: RemovalPolicy;
}

// The log and the published reports are the record: never lost with the stack.
const RECORD: Durability = {
  pointInTimeRecovery: true,
  deletionProtection: true,
  removalPolicy: RemovalPolicy.RETAIN,
};

// Views are rebuilt from the log at will (rebuild function), so a backup adds nothing and
// a deleted stack may take them along: nothing is lost that the log cannot give back.
const DISPOSABLE: Durability = {
  pointInTimeRecovery: false,
  deletionProtection: false,
  removalPolicy: RemovalPolicy.DESTROY,
};

const ATTRIBUTE_TYPES: Record<KeyType, AttributeType> = {
  S: AttributeType.STRING,
  N: AttributeType.NUMBER,
};

/**
 * Tables restored from a backup (docs/OPERATIONS.md, "Restore from backup") that the stack
 * uses in place of the ones it created. DynamoDB restores into a new table; the stack then
 * adopts it by name (and the log's stream by ARN). The replaced table is retained.
 */
export interface RestoredTables {
  readonly events?: { readonly tableName: string; readonly streamArn: string } | undefined;
  readonly artifacts?: { readonly tableName: string } | undefined;
}

export interface LedgerTablesProps {
  /** A customer-managed key for all three tables; AWS-owned keys when absent. */
  readonly encryptionKey?: IKey | undefined;
  readonly restored?: RestoredTables | undefined;
}

export class LedgerTables extends Construct {
  readonly events: ITable;
  readonly views: ITable;
  readonly artifacts: ITable;

  constructor(scope: Construct, id: string, props: LedgerTablesProps = {}) {
    super(scope, id);
    const { encryptionKey, restored = {} } = props;
    const key = encryptionKey ? { encryptionKey } : {};
    this.events = restored.events
      ? Table.fromTableAttributes(this, 'Events', {
          tableName: restored.events.tableName,
          tableStreamArn: restored.events.streamArn,
          ...key,
        })
      : this.table(EVENTS_TABLE, RECORD, encryptionKey);
    this.views = this.table(VIEWS_TABLE, DISPOSABLE, encryptionKey);
    this.artifacts = restored.artifacts
      ? Table.fromTableAttributes(this, 'Artifacts', { tableName: restored.artifacts.tableName, ...key })
      : this.table(ARTIFACTS_TABLE, RECORD, encryptionKey);
    acknowledge(
      this.views,
      'AwsSolutions-DDB3',
      'The views are rebuilt from the log at will (the rebuild function); point-in-time recovery adds nothing.',
    );
  }

  private table(def: TableDefinition, durability: Durability, encryptionKey: IKey | undefined): ITable {
    const id = def.id.charAt(0).toUpperCase() + def.id.slice(1);
    const table = new Table(this, id, {
      partitionKey: { name: def.partitionKey.name, type: ATTRIBUTE_TYPES[def.partitionKey.type] },
      sortKey: { name: def.sortKey.name, type: ATTRIBUTE_TYPES[def.sortKey.type] },
      billingMode: BillingMode.PAY_PER_REQUEST,
      // Keys only, as DynamoDB Local is set up: a record only wakes the projector, which
      // reads the log itself (DESIGN.md, decision 5).
      ...(def.stream ? { stream: StreamViewType.KEYS_ONLY } : {}),
      pointInTimeRecoverySpecification: {
        pointInTimeRecoveryEnabled: durability.pointInTimeRecovery,
      },
      deletionProtection: durability.deletionProtection,
      removalPolicy: durability.removalPolicy,
      ...(encryptionKey ? { encryption: TableEncryption.CUSTOMER_MANAGED, encryptionKey } : {}),
    });
    // Table declares `tableStreamArn: string | undefined` where ITable has `tableStreamArn?:`,
    // which `exactOptionalPropertyTypes` refuses; the two agree at run time.
    return table as ITable;
  }
}
