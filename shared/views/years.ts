// The calendar years an entry's period touches: what the per-year counts and the
// worklist's gaps are made of. The same years the report shows the entry in and the
// measure's budget counts it in (`yearsOverlapped`, which `overlapsYear` decides).
import { type Period, yearsOverlapped } from '../domain';

export function entryYears(period: Period): string[] {
  return yearsOverlapped(period).map(String);
}
