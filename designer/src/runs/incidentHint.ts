/**
 * What an operator does about an incident, beside the error it shows: where the cause is fixed
 * (a connection, a user, a group) and that a retry follows, and after an outage, that the runs
 * list retries every run it stopped at once. Undefined when the error says nothing we can place.
 * No React here.
 */
export interface IncidentHint {
  readonly text: string;
  /** Where the fix is made, when the designer has a screen for it. */
  readonly link?: { readonly to: string; readonly label: string };
}

/** The service was not reached, or answered that it is down: an outage, usually many runs at once. */
const UNREACHABLE = /^(NETWORK_ERROR|TIMEOUT|ECONNREFUSED|ENOTFOUND|HTTP_50[0-4]|HTTP_429|UNAVAILABLE)$/;
/** The service refused who we are: the connection's credentials. */
const REFUSED = /^(HTTP_401|HTTP_403|OAUTH_TOKEN_REJECTED|CREDENTIAL_.+|UNAUTHORIZED)$/;
/** The approval's task had nobody who may decide it. */
const NOBODY =
  /^(UNKNOWN_APPROVER|APPROVER_DISABLED|APPROVER_CANNOT_DECIDE|SELF_APPROVAL|NO_ELIGIBLE_APPROVER)$/;

export function incidentHint(
  incident: { readonly kind: string; readonly error?: { readonly code: string } | null | undefined },
  /** The connection the failing step called with, when it names one. */
  connection: string | undefined,
  /** Whether the person may change connections and users (the Administration screens). */
  canAdminister: boolean,
): IncidentHint | undefined {
  const code = incident.error?.code ?? '';
  const named = connection ? `the “${connection}” connection` : 'its connection';
  const connections = canAdminister ? { link: { to: '/admin/connections', label: 'Open Connections' } } : {};
  if (UNREACHABLE.test(code))
    return {
      text:
        `The service was not reached, or answered that it failed. Once it is back (or ${named} points where it should), retry. ` +
        'After an outage, retry every run it stopped at once: Runs, “Has incident”, Retry all.',
      ...connections,
    };
  if (REFUSED.test(code))
    return {
      text: `The service refused the credentials of ${named}. Renew them, then retry.`,
      ...connections,
    };
  if (incident.kind === 'approval' && NOBODY.test(code))
    return {
      text:
        'Nobody can decide this approval. Give the approver an account that may decide (or the group ' +
        'a member who may), then retry; or change the workflow and publish it again.',
      ...(canAdminister ? { link: { to: '/admin/users', label: 'Open Users' } } : {}),
    };
  return undefined;
}
