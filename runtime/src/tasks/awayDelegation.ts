import type { Away, Store, User } from '../store';
import { deciderProblem, type DecisionContext } from './decisionPolicy';

/** Whether the setting holds at `at`: from its start (or at once, without one) until `until`. */
export const isAwayAt = (away: Away | undefined, at: number): away is Away =>
  away !== undefined && (away.from ?? 0) <= at && at < away.until;

/** One hand-over a new task makes because its holder is away. */
export interface AwayHandOff {
  readonly from: User;
  readonly away: Away;
  readonly to: User;
}

/**
 * Whether this person could take a task handed on by an away setting: an active user with
 * tasks:decide and never the run's requester (segregation of duties or not: nobody chose them).
 */
const mayTake = (person: User, context: DecisionContext): boolean =>
  !deciderProblem(person, { ...context, segregationOfDuties: true });

/**
 * Where a new task for `assignee` goes while they are away: to their delegate; when the delegate
 * is away too, once more to the delegate's delegate, and no further. Someone already on the path
 * (a loop), someone who may not take it, or a last delegate who is away as well ends the search
 * with nothing handed on: the task stays with its assignee, whose due time and escalation apply.
 * `taken` names people who may not receive it (they hold another task of the same step).
 */
export async function awayHandOffs(
  store: Pick<Store, 'getUser'>,
  assignee: User,
  context: DecisionContext,
  at: number,
  taken: ReadonlySet<string> = new Set(),
): Promise<AwayHandOff[]> {
  const path: AwayHandOff[] = [];
  let holder = assignee;
  const seen = new Set([assignee.id]);
  for (let hop = 0; hop < 2 && isAwayAt(holder.away, at); hop += 1) {
    const away: Away = holder.away;
    const delegate = await store.getUser(away.delegate);
    if (!delegate || seen.has(delegate.id) || taken.has(delegate.id) || !mayTake(delegate, context))
      return [];
    path.push({ from: holder, away, to: delegate });
    seen.add(delegate.id);
    holder = delegate;
  }
  return isAwayAt(holder.away, at) ? [] : path;
}

const stamp = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The history's word for a hand-over: why, until when, and the away person's note. */
export function awayComment(handOff: AwayHandOff): string {
  const { from, away } = handOff;
  const setter = away.setBy === from.id ? '' : ` (set by ${away.setBy})`;
  const note = away.note ? ` Note: ${away.note}` : '';
  return `Away until ${stamp(away.until)}: handed on by the out-of-office setting of ${from.name || from.id}${setter}.${note}`;
}
