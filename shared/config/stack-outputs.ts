// The deployed stack's outputs: infra writes them under these keys, the CLI reads them
// (`--stack <name>`) to find the tables and URLs. The keys are stable: renaming one
// breaks every operator's CLI against an existing deployment.
export const STACK_OUTPUTS = {
  apiUrl: 'ApiUrl',
  streamingUrl: 'StreamingReadUrl',
  eventsTable: 'EventsTableName',
  viewsTable: 'ViewsTableName',
  artifactsTable: 'ArtifactsTableName',
  rebuildFunction: 'RebuildFunctionName',
  yearlyReportFunction: 'YearlyReportFunctionName',
  alarmTopic: 'AlarmTopicArn',
  dashboard: 'DashboardUrl',
} as const;

export type StackOutputKey = (typeof STACK_OUTPUTS)[keyof typeof STACK_OUTPUTS];

/** The API function's environment variable naming the streaming Function URL (set by the stack). */
export const STREAMING_READ_URL_ENV = 'STREAMING_READ_URL';
