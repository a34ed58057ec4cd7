// Table and key names: the one module both infra/ and the runtime import.
// infra/ builds the tables from these definitions; the local runtime creates the
// same tables in DynamoDB Local from them, so the two can never drift apart.

export type KeyType = 'S' | 'N';

export interface TableDefinition {
  /** Logical id, also the suffix of the physical table name. */
  readonly id: 'events' | 'views' | 'artifacts';
  /** Environment variable through which a function receives the physical name. */
  readonly envVar: string;
  readonly partitionKey: { readonly name: string; readonly type: KeyType };
  readonly sortKey: { readonly name: string; readonly type: KeyType };
  /** Whether the table emits a change stream (only the event log does). */
  readonly stream: boolean;
}

/**
 * The event log. Five kinds of item share it (see README, "Table layout"):
 * log items (`pk = log#<bucket>`, `sk = position`), stream index items
 * (`pk = stream#<id>`, `sk = the last version of the run they cover`), stream tips
 * (`pk = stream#<id>`, `sk = 2^53 - 1`), the head (`pk = head`, `sk = 0`) and
 * command guards (`pk = command#<id>`, `sk = 0`).
 */
export const EVENTS_TABLE: TableDefinition = {
  id: 'events',
  envVar: 'EVENTS_TABLE',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'N' },
  stream: true,
};

/** Disposable read models, rebuilt from the log at will. */
export const VIEWS_TABLE: TableDefinition = {
  id: 'views',
  envVar: 'VIEWS_TABLE',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  stream: false,
};

/** Published report artifacts: immutable, durable, chunked below the item limit. */
export const ARTIFACTS_TABLE: TableDefinition = {
  id: 'artifacts',
  envVar: 'ARTIFACTS_TABLE',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'N' },
  stream: false,
};

export const TABLES = [EVENTS_TABLE, VIEWS_TABLE, ARTIFACTS_TABLE] as const;

export interface TableNames {
  readonly events: string;
  readonly views: string;
  readonly artifacts: string;
}

/** Physical names for a prefix: `roadmap` gives `roadmap-events`, and so on. */
export function tableNames(prefix: string): TableNames {
  return {
    events: `${prefix}-events`,
    views: `${prefix}-views`,
    artifacts: `${prefix}-artifacts`,
  };
}
