import { formatTime } from '../app/formatTime';
import type { TimelineEntry } from './timeline';
import { WrittenText } from '../ui/WrittenText';

/** A request's timeline: what happened, then (marked) what happens next. Comments as text. */
export function Timeline({
  entries,
  label = 'Timeline',
}: {
  entries: readonly TimelineEntry[];
  label?: string;
}) {
  return (
    <ol className="timeline" aria-label={label}>
      {entries.map((entry) => (
        <li
          key={entry.id}
          className={`timeline__entry timeline__entry--${entry.tone}${entry.upcoming ? ' timeline__entry--upcoming' : ''}`}
        >
          <span className="timeline__dot" aria-hidden="true" />
          <div className="timeline__body">
            <p className="timeline__title">
              {entry.upcoming && <span className="timeline__next">Next: </span>}
              {entry.title}
            </p>
            {entry.comment !== undefined && (
              <WrittenText as="blockquote" className="timeline__comment">
                {entry.comment}
              </WrittenText>
            )}
            {entry.detail !== undefined && <p className="timeline__detail">{entry.detail}</p>}
            {entry.at !== undefined && (
              <time className="timeline__time" dateTime={new Date(entry.at).toISOString()}>
                {formatTime(entry.at)}
              </time>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}
