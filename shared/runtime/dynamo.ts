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
  // The SDK resolves a command's middleware stack on every call (about 0.1-0.2 ms of CPU,
  // more on a Lambda's share of a core); with cacheMiddleware it does so once per command
  // class. Middleware added later (the tracer on the first invocation, call counters and
  // faults in tests and benches) would then be missed, so every change to the client's
  // stack drops the cache. Middleware added to one command instance is not supported: the
  // first instance's stack would be kept for every later call of its class (none does that).
  // All calls of a class share the resolved handler's context, which holds only values that
  // are the same for every call here (endpoint, region, auth scheme).
  config.cacheMiddleware = true;
  const client = new DynamoDBClient(config);
  dropCacheOnChange(client);
  return client;
}

const STACK_CHANGES = ['add', 'addRelativeTo', 'remove', 'removeByTag', 'use'] as const;

function dropCacheOnChange(client: DynamoDBClient): void {
  const stack = client.middlewareStack as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of STACK_CHANGES) {
    const change = stack[name]!.bind(stack);
    stack[name] = (...args: unknown[]) => {
      const result = change(...args);
      // Where the SDK keeps the resolved handlers (by command class); rebuilt on the next call.
      delete (client as unknown as { handlers?: unknown }).handlers;
      return result;
    };
  }
}
