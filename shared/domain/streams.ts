// One aggregate instance per stream; these give the stream id of each.

export function executorStreamId(executorId: string): string {
  return `executor-${executorId}`;
}

export function planStreamId(planId: string): string {
  return `plan-${planId}`;
}

export function measureStreamId(planId: string, number: string): string {
  return `measure-${planId}-${number}`;
}

export function apiKeyStreamId(keyId: string): string {
  return `apikey-${keyId}`;
}
