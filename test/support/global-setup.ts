// Starts one DynamoDB Local for the whole test run on a free port and stops it at
// the end, also when tests fail. Test files get the endpoint through `inject`.
import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from '../../scripts/lib/dynamo-local';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const endpoint = process.env.TEST_DYNAMODB_ENDPOINT;
  if (endpoint) {
    project.provide('dynamoEndpoint', endpoint);
    return;
  }
  const local = await startDynamoLocal();
  project.provide('dynamoEndpoint', local.endpoint);
  return async () => {
    await local.stop();
  };
}
