// One way to build the DynamoDB client, for Lambda (default endpoint) and for
// DynamoDB Local (explicit endpoint, dummy credentials).
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

export interface DynamoClientOptions {
  /** e.g. http://127.0.0.1:8000 for DynamoDB Local; omit for AWS. */
  endpoint?: string | undefined;
  region?: string | undefined;
  /** A profile of the shared AWS config files (the CLI's --profile); the SDK's default chain otherwise. */
  profile?: string | undefined;
  /** SDK attempts per call (throttling and network faults are retried by the SDK). */
  maxAttempts?: number;
}

export function createDynamoClient(options: DynamoClientOptions = {}): DynamoDBClient {
  const local = options.endpoint !== undefined && /^https?:\/\/(localhost|127\.|\[::1\])/.test(options.endpoint);
  const config: DynamoDBClientConfig = { maxAttempts: options.maxAttempts ?? 4 };
  if (options.endpoint) config.endpoint = options.endpoint;
  const region = options.region ?? (local ? 'local' : undefined);
  if (region) config.region = region;
  if (options.profile && !local) config.profile = options.profile;
  if (local) config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  return new DynamoDBClient(config);
}
