// The export format: NDJSON, one event envelope per line, in position order. Each
// line is the envelope's canonical JSON (shared/store/canonical.ts), `hash` included,
// so the same range of the log always exports to the same bytes, and deleting the
// `"hash":"…"` member of a line leaves exactly the text the hash was computed over.
import { z } from 'zod';
import { AppError } from '../errors';
import { canonicalJson } from '../store/canonical';
import type { EventEnvelope } from '../store/event-store';

export const EXPORT_CONTENT_TYPE = 'application/x-ndjson';

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');
const Count = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const EventEnvelopeSchema = z.object({
  eventId: z.string(),
  streamId: z.string(),
  version: Count,
  position: Count,
  type: z.string(),
  schemaVersion: Count,
  data: z.record(z.string(), z.json()),
  metadata: z.object({
    actor: z.object({
      keyId: z.string(),
      role: z.string(),
      executorId: z.string().exactOptional(),
      principal: z.string().exactOptional(),
    }),
    commandId: z.string(),
    correlationId: z.string().nullable(),
    causationId: z.string().nullable(),
  }),
  recordedAt: z.string(),
  prevHash: Hex64,
  hash: Hex64,
});

/** A line of the export that is not an event envelope. */
export class ExportLineError extends AppError {
  readonly status = 400;
  constructor(
    readonly lineNumber: number,
    message: string,
  ) {
    super('unreadable_export_line', `line ${lineNumber}: ${message}`, { lineNumber });
  }
}

export function exportLine(event: EventEnvelope): string {
  return `${canonicalJson(event)}\n`;
}

/**
 * Reads one line back. The shape is checked, but the value returned is the parsed
 * JSON itself (nothing stripped or coerced): what the line says is what gets hashed.
 */
export function parseExportLine(line: string, lineNumber: number): EventEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new ExportLineError(lineNumber, `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  let parsed: ReturnType<typeof EventEnvelopeSchema.safeParse>;
  try {
    parsed = EventEnvelopeSchema.safeParse(value);
  } catch (error) {
    // JSON.parse reads any depth; the schema's walk (and the hash's) is recursive.
    if (error instanceof RangeError) throw new ExportLineError(lineNumber, 'not an event envelope (nested too deeply)');
    throw error;
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ExportLineError(
      lineNumber,
      `not an event envelope (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'})`,
    );
  }
  return value as EventEnvelope;
}
