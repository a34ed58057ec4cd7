// A Metrics implementation that remembers what it was told, for assertions.
import type { Metrics, MetricUnit } from '../../shared/runtime/metrics';

export interface Recorded {
  kind: 'count' | 'observe';
  name: string;
  value: number;
  unit?: MetricUnit;
  dimension?: { name: string; value: string };
}

export function recordingMetrics(): Metrics & { recorded: Recorded[]; values(name: string): number[] } {
  const recorded: Recorded[] = [];
  return {
    recorded,
    count(name, value = 1, dimension) {
      recorded.push({ kind: 'count', name, value, ...(dimension ? { dimension } : {}) });
    },
    observe(name, value, unit) {
      recorded.push({ kind: 'observe', name, value, ...(unit ? { unit } : {}) });
    },
    values: (name) => recorded.filter((r) => r.name === name).map((r) => r.value),
  };
}
