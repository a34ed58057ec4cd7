// The calendar years an entry's period touches: what the per-year counts and the
// worklist's gaps are made of.
import type { Period } from '../domain';

export function entryYears(period: Period): string[] {
  switch (period.kind) {
    case 'none':
    case 'month':
      return [String(period.year)];
    case 'day':
      return [period.date.slice(0, 4)];
    case 'range': {
      const years: string[] = [];
      for (let y = Number(period.from.slice(0, 4)); y <= Number(period.to.slice(0, 4)); y++) years.push(String(y));
      return years;
    }
  }
}
