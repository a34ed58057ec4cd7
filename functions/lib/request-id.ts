// One id per request from API Gateway (or the Function URL) to the client: unless the
// client sent its own x-request-id, the app uses the gateway's request id, so the access
// log, the function's log entries (correlation_id) and the problem details all name it.
import type { LambdaEvent } from 'hono/aws-lambda';

export function requestIdOf(event: LambdaEvent): string | undefined {
  const gatewayId = 'requestContext' in event ? (event.requestContext as { requestId?: unknown }).requestId : undefined;
  if (typeof gatewayId !== 'string' || gatewayId === '') return undefined;
  const headers = event.headers as Record<string, string | string[] | undefined> | undefined;
  if (headers && headers['x-request-id'] === undefined) headers['x-request-id'] = gatewayId;
  return gatewayId;
}
