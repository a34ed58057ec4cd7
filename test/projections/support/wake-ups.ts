// Synthetic DynamoDB Streams batches as the event table's trigger delivers them
// (KEYS_ONLY records of log items), and a logger whose lines a test can read.
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { createLogger, type Logger } from '../../../shared/runtime/logger';

/** The record a log item's INSERT produces; the sequence number grows with the position. */
export function logRecord(position: number): DynamoDBRecord {
  return {
    eventID: `evt-${position}`,
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    awsRegion: 'local',
    dynamodb: {
      Keys: { pk: { S: `log#${Math.floor(position / 100_000)}` }, sk: { N: String(position) } },
      SequenceNumber: String(1_000_000 + position).padStart(21, '0'),
      SizeBytes: 64,
      StreamViewType: 'KEYS_ONLY',
    },
  };
}

export const batch = (positions: number[]): DynamoDBStreamEvent => ({ Records: positions.map(logRecord) });

/** A deterministic shuffle (the test must be reproducible). */
export function shuffled<T>(items: T[], seed = 7): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export const range = (from: number, to: number) =>
  Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

export interface CapturedLogger {
  logger: Logger;
  lines: Array<{ level: string; message: string; [field: string]: unknown }>;
}

export function capturedLogger(): CapturedLogger {
  const lines: CapturedLogger['lines'] = [];
  return {
    lines,
    logger: createLogger({
      level: 'debug',
      sink: (_level, line) => lines.push(JSON.parse(line) as CapturedLogger['lines'][number]),
    }),
  };
}
