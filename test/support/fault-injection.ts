// An AWS SDK middleware that makes DynamoDB misbehave at seeded random points: throttling,
// transaction conflicts and timeouts before a call goes out, and a connection reset after
// a call reached DynamoDB but before its answer came back (the write is in, the caller
// does not know). Used by the fault-injection test and `npm run soak`.
import { type DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';

export type FaultKind = 'throttle' | 'conflict' | 'timeout' | 'reset-before' | 'lost-answer';

export interface FaultInjector {
  /** What was injected, by kind and operation. */
  readonly injected: Map<string, number>;
  /** Calls that went through untouched. */
  readonly passed: number;
  enabled: boolean;
  detach(): void;
}

/** mulberry32: small, fast, and the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fault(kind: FaultKind, operation: string): Error {
  switch (kind) {
    case 'throttle':
      return Object.assign(new Error('Rate of requests exceeds the allowed throughput (injected)'), {
        name: 'ThrottlingException',
        $metadata: {},
      });
    case 'conflict':
      return new TransactionCanceledException({
        message: 'Transaction cancelled (injected)',
        $metadata: {},
        CancellationReasons: [{ Code: 'TransactionConflict', Message: 'injected' }],
      });
    case 'timeout':
      return Object.assign(new Error(`${operation} timed out (injected)`), { name: 'TimeoutError', code: 'ETIMEDOUT' });
    case 'reset-before':
    case 'lost-answer':
      return Object.assign(new Error('socket hang up (injected)'), { name: 'Error', code: 'ECONNRESET' });
  }
}

const BEFORE: FaultKind[] = ['throttle', 'conflict', 'timeout', 'reset-before'];

/**
 * Injects a fault into a share `rate` of the client's calls. Outside the SDK's own retries
 * (the `initialize` step), so the caller meets each fault as it would after the SDK gave
 * up: the store and the command path must cope. Conflicts only on transactions.
 * The first transaction's answer is always lost (the hardest case, met in every run
 * however few transactions a loaded machine gets through); the rest are random.
 */
export function injectFaults(client: DynamoDBClient, options: { seed: number; rate: number }): FaultInjector {
  const random = seededRandom(options.seed);
  let firstWrite = true;
  const state = {
    injected: new Map<string, number>(),
    passed: 0,
    enabled: true,
    detach: () => client.middlewareStack.remove('faultInjection'),
  };
  const count = (kind: FaultKind, operation: string) => {
    const key = `${kind} ${operation}`;
    state.injected.set(key, (state.injected.get(key) ?? 0) + 1);
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName).replace(/Command$/, '');
      if (state.enabled && firstWrite && operation === 'TransactWriteItems') {
        firstWrite = false;
        count('lost-answer', operation);
        await next(args);
        throw fault('lost-answer', operation);
      }
      if (!state.enabled || random() >= options.rate) {
        state.passed++;
        return next(args);
      }
      const writes = operation === 'TransactWriteItems';
      const kinds: FaultKind[] = writes
        ? [...BEFORE, 'lost-answer', 'lost-answer']
        : BEFORE.filter((k) => k !== 'conflict');
      const kind = kinds[Math.floor(random() * kinds.length)]!;
      count(kind, operation);
      if (kind === 'lost-answer') {
        await next(args); // it reached DynamoDB and was carried out
        throw fault(kind, operation);
      }
      throw fault(kind, operation);
    },
    { step: 'initialize', name: 'faultInjection' },
  );
  return state;
}
