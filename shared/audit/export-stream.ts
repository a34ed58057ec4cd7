// Exports a range of the log as NDJSON, one page of the store at a time, so a
// million events never sit in memory: the HTTP export and `npm run audit -- export`.
import { ValidationError } from '../errors';
import type { EventStore } from '../store/event-store';
import { exportLine } from './export-format';

export const DEFAULT_EXPORT_PAGE_SIZE = 500;

export interface ExportRange {
  from: number;
  /** Fixed when the export starts: events appended meanwhile are left out. */
  to: number;
}

export interface ExportPage {
  text: string;
  count: number;
  lastPosition: number;
  lastHash: string;
}

/** from defaults to 1, to to the head; `to` beyond the head is refused. */
export async function resolveExportRange(
  store: Pick<EventStore, 'head'>,
  wanted: { from?: number | undefined; to?: number | undefined },
): Promise<ExportRange> {
  const head = await store.head();
  const from = wanted.from ?? 1;
  const to = wanted.to ?? head.position;
  if (to > head.position) {
    throw new ValidationError(`to is beyond the head (${head.position}).`, [
      { path: 'to', message: `at most ${head.position}` },
    ]);
  }
  if (from > to + 1) {
    throw new ValidationError(`from (${from}) is after to (${to}).`, [{ path: 'from', message: `at most ${to + 1}` }]);
  }
  return { from, to };
}

/** The range as NDJSON text, one chunk per page read from the store. */
export async function* exportPages(
  store: Pick<EventStore, 'readAll'>,
  range: ExportRange,
  pageSize = DEFAULT_EXPORT_PAGE_SIZE,
): AsyncGenerator<ExportPage> {
  let from: number | null = range.from;
  while (from !== null && from <= range.to) {
    const page = await store.readAll({ fromPosition: from, toPosition: range.to, limit: pageSize });
    const last = page.events[page.events.length - 1];
    if (last)
      yield {
        text: page.events.map(exportLine).join(''),
        count: page.events.length,
        lastPosition: last.position,
        lastHash: last.hash,
      };
    from = page.nextPosition;
  }
}

/**
 * A byte stream that reads the next page only when the consumer asks for more
 * (highWaterMark 0): a slow reader holds the export back instead of filling memory.
 */
export function pagesToStream(
  pages: AsyncIterable<ExportPage>,
  onError: (error: unknown) => void,
): ReadableStream<Uint8Array> {
  const iterator = pages[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await iterator.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value.text));
        } catch (error) {
          onError(error);
          controller.error(error);
        }
      },
      async cancel() {
        await iterator.return?.(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
