// Red team 5: an export line nested deeper than the reader's stack (a garbled or hostile
// file handed to `npm run audit -- verify --file`) is an unreadable line named by its number,
// like any other line that is not an envelope; it was the bare "Maximum call stack size
// exceeded" of the schema check, with no line and no position.
import { describe, expect, it } from 'vitest';
import { verifyExportLines } from '../../shared/audit';

async function* linesOf(lines: string[]): AsyncGenerator<string> {
  yield* lines;
}

const envelope = (data: string) =>
  `{"causationId":null,"data":${data},"eventId":"e","hash":"${'0'.repeat(64)}","metadata":{"actor":{"keyId":"k","role":"system"},"commandId":"c","correlationId":null,"causationId":null},"position":1,"prevHash":"${'0'.repeat(64)}","recordedAt":"2023-01-01T00:00:00.000Z","schemaVersion":1,"streamId":"s","type":"T","version":1}`;

describe('an export line nested too deep to read', () => {
  it('is unreadable, named by its line', async () => {
    const depth = 100_000;
    const verdict = await verifyExportLines(linesOf([envelope(`{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`)]));
    expect(verdict).toMatchObject({ ok: false, problem: 'unreadable', position: 1, count: 0 });
    expect(verdict.ok ? '' : verdict.detail).toMatch(/^line 1: /);
  });
});
