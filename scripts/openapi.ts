// npm run openapi [-- <file>]
// Prints the API's OpenAPI document (what GET /openapi.json answers), built from the app
// itself on in-memory stores: no server, no DynamoDB, no network. With a file, writes it there.
import fs from 'node:fs';
import { createApp } from '../shared/http/app';
import { runIfMain } from './lib/cli';
import { offlineDeps } from './lib/offline-deps';

/** The document, as a deployment serves it. */
export async function openApiDocument(): Promise<unknown> {
  const app = createApp(offlineDeps('openapi'));
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
