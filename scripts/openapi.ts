// npm run openapi [-- <file>]
// Prints the API's OpenAPI document (what GET /openapi.json answers), built from the app
// itself on in-memory stores: no server, no DynamoDB, no network. With a file, writes it there.
import fs from 'node:fs';
import { createApp } from '../shared/http/app';
import { MemoryViewStore } from '../shared/projections/memory-view-store';
import { MemoryArtifactStore } from '../shared/report/artifact-store';
import { silentLogger } from '../shared/runtime/logger';
import { MemoryEventStore } from '../shared/store/memory-event-store';
import { runIfMain } from './lib/cli';

/** The document, as a deployment serves it. */
export async function openApiDocument(): Promise<unknown> {
  const app = createApp({
    store: new MemoryEventStore(),
    views: async () => new MemoryViewStore(),
    artifacts: new MemoryArtifactStore(),
    clock: () => new Date(),
    newId: () => 'openapi',
    logger: silentLogger,
  });
  const response = await app.request('/openapi.json');
  if (response.status !== 200) throw new Error(`/openapi.json answered ${response.status}`);
  return response.json();
}

export async function main(argv: string[]): Promise<void> {
  const text = `${JSON.stringify(await openApiDocument(), null, 2)}\n`;
  const [file] = argv;
  if (file) fs.writeFileSync(file, text);
  else process.stdout.write(text);
}

runIfMain(import.meta.url, main);
