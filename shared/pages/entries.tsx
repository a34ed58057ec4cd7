// An execution entry as the pages show it: period, text, place and counts, who reported
// it and when, its log position, corrections and withdrawal.
import type { Child } from 'hono/jsx';
import type { EntryDoc } from '../views/documents';
import { formatCount, formatInstant, periodText } from './format';

export function EntryItem(props: { entry: EntryDoc; highlight?: boolean; actions?: Child }) {
  const { entry } = props;
  const details = [
    entry.place ? `место: ${entry.place}` : '',
    entry.participants !== null ? `участников: ${formatCount(entry.participants)}` : '',
    entry.regions !== null ? `регионов: ${formatCount(entry.regions)}` : '',
  ].filter(Boolean);
  const classes = ['entry', entry.withdrawn ? 'withdrawn' : '', props.highlight ? 'highlight' : ''].filter(Boolean);
  return (
    <li class={classes.join(' ')} id={`entry-${entry.reportId}`}>
      <p class="meta">
        <strong>{periodText(entry.period)}</strong>
        {entry.withdrawn && ' · отозвано'}
      </p>
      <p class="text">{entry.text}</p>
      {details.length > 0 && <p class="meta">{details.join(' · ')}</p>}
      <p class="meta">
        Внесено {formatInstant(entry.reportedAt)}, позиция в журнале {entry.position}
        {entry.corrections > 0 && entry.lastCorrection && (
          <>
            ; исправлено {entry.corrections} раз(а), последний раз {formatInstant(entry.lastCorrection.at)}: «
            {entry.lastCorrection.reason}»
          </>
        )}
        {entry.withdrawn && (
          <>
            ; отозвано {formatInstant(entry.withdrawn.at)}: «{entry.withdrawn.reason}»
          </>
        )}
      </p>
      {props.actions}
    </li>
  );
}
