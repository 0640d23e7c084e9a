/**
 * Signing out must not race the app's own reads: a read the server answers after the session
 * ended comes back 401 (and, with live updates, one can start at any moment). While a sign-out
 * runs, the gate lets no new request through (they fail locally, as signed out, without reaching
 * the server) and the sign-out waits for the requests already sent to be answered first.
 */
const inFlight = new Set<Promise<unknown>>();
/** How long a sign-out waits for the reads already sent. */
export const DRAIN_MS = 5_000;
let closed = false;

/** A request the gate held back because the user is signing out. */
export class SignedOutLocally extends Error {
  constructor() {
    super('Signed out: the request was not sent.');
    this.name = 'SignedOutLocally';
  }
}

/** The fetch the API client uses. */
export async function gatedFetch(request: Request): Promise<Response> {
  if (closed) throw new SignedOutLocally();
  const answer = fetch(request);
  inFlight.add(answer);
  try {
    return await answer;
  } finally {
    inFlight.delete(answer);
  }
}

/**
 * Runs `signOut` with the gate closed, once every request sent before has been answered; the
 * gate reopens afterwards, whatever happened.
 */
export async function withGateClosed<T>(signOut: (send: typeof fetch) => Promise<T>): Promise<T> {
  closed = true;
  try {
    // Bounded: a start waiting for its instance (`?wait=`) or a stalled network must not hold
    // the sign-out; past the bound a late 401 is the lesser harm.
    await Promise.race([
      Promise.allSettled([...inFlight]),
      new Promise((resolve) => setTimeout(resolve, DRAIN_MS)),
    ]);
    return await signOut((request) => fetch(request));
  } finally {
    closed = false;
  }
}
