// The year a page is about: the one asked for, else this year kept within the plans'
// years (so in 2026 a 2021-2023 plan opens on 2023), and a small form to pick another.
import type { ApiDeps } from '../http/deps';
import type { ViewReader } from '../projections/view-store';
import { listPlans } from '../views/queries';
import type { PageContext } from './env';
import { intQuery } from './read';

export interface YearChoice {
  year: number;
  years: number[];
}

export async function chooseYear(
  c: PageContext,
  deps: ApiDeps,
  views: ViewReader,
  bounds?: { fromYear: number; toYear: number },
): Promise<YearChoice> {
  let from = bounds?.fromYear;
  let to = bounds?.toYear;
  if (!bounds) {
    const plans = (await listPlans(views, { limit: 100 })).items;
    from = Math.min(...plans.map((p) => p.fromYear));
    to = Math.max(...plans.map((p) => p.toYear));
  }
  const now = deps.clock().getUTCFullYear();
  if (from === undefined || to === undefined || !Number.isFinite(from) || !Number.isFinite(to)) {
    from = now;
    to = now;
  }
  const years: number[] = [];
  for (let y = from; y <= to && years.length < 50; y++) years.push(y);
  const asked = intQuery(c, 'year', 1990, 2100);
  const year = asked ?? Math.min(Math.max(now, from), to);
  return { year, years: years.includes(year) ? years : [...years, year].sort() };
}

/** A GET form choosing the year (other parameters kept as hidden fields). */
export function YearForm(props: { action: string; choice: YearChoice; keep?: Record<string, string | undefined> }) {
  return (
    <form method="get" action={props.action} class="filters">
      {Object.entries(props.keep ?? {}).map(([name, value]) =>
        value === undefined ? null : <input type="hidden" name={name} value={value} />,
      )}
      <div class="field">
        <label for="f-year">Год</label>
        <select id="f-year" name="year">
          {props.choice.years.map((y) => (
            <option value={String(y)} selected={y === props.choice.year}>
              {y}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <button type="submit" class="secondary">
          Показать
        </button>
      </div>
    </form>
  );
}
