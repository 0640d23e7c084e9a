import { Plane } from 'lucide-react';
import { useState } from 'react';
import { sentenceOf } from '../app/apiErrors';
import { useSession } from '../auth/session';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { WrittenText } from '../ui/WrittenText';
import { AwayDialog } from './AwayDialog';
import { awaySummary } from './awayModel';
import { useAway } from './useAway';

/**
 * The inbox's "I'm away" control: a button while no setting holds or lies ahead; otherwise what it
 * does (until when, to whom), with Change and I'm back.
 */
export function AwayControl() {
  const away = useSession().data?.away;
  const { clear } = useAway();
  const [editing, setEditing] = useState(false);
  const now = Date.now();
  const shown = away && away.until > now ? away : undefined;
  const dialog = editing && <AwayDialog current={shown} onClose={() => setEditing(false)} />;
  if (!shown)
    return (
      <>
        <Button
          variant="ghost"
          icon={<Plane size={16} aria-hidden="true" />}
          onClick={() => setEditing(true)}
          data-testid="away-open"
        >
          I’m away…
        </Button>
        {dialog}
      </>
    );
  return (
    <section className={`away${shown.active ? ' away--on' : ''}`} aria-label="Away" data-testid="away-status">
      <Plane size={16} aria-hidden="true" className="away__icon" />
      <div className="away__body">
        <p className="away__summary">{awaySummary(shown, now)}</p>
        {shown.note && (
          <p className="away__note">
            <WrittenText>{shown.note}</WrittenText>
          </p>
        )}
        <p className="away__note">Steps that do not allow delegation still come to you.</p>
        {clear.isError && <Alert>{sentenceOf(clear.error)}</Alert>}
        <div className="away__actions">
          <Button variant="ghost" onClick={() => setEditing(true)}>
            Change
          </Button>
          <Button variant="ghost" busy={clear.isPending} onClick={() => clear.mutate()}>
            I’m back
          </Button>
        </div>
      </div>
      {dialog}
    </section>
  );
}
