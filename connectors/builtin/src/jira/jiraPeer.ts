import {
  startHttpPeer,
  type HttpPeer,
  type PeerReply,
  type PeerRequest,
} from '@flowline/connector-sdk/testing';

const transitions = [
  { id: '11', name: 'Start Progress', to: { name: 'In Progress' } },
  { id: '31', name: 'Resolve', to: { name: 'Done' } },
];

/**
 * Plays Jira Cloud REST v3 for one issue (ITSM-42) as documented: Basic auth (e-mail:API token),
 * 201 `{id, key, self}` on create, the transitions list, 204 on a transition, 201 on a comment, and
 * `{ errorMessages, errors }` bodies on failure. Rich text must be ADF.
 */
export async function startJiraPeer(login: { email: string; apiToken: string }): Promise<HttpPeer> {
  const expected = `Basic ${Buffer.from(`${login.email}:${login.apiToken}`).toString('base64')}`;
  const guard =
    (route: (req: PeerRequest) => PeerReply) =>
    (req: PeerRequest): PeerReply =>
      req.headers.authorization === expected
        ? route(req)
        : { status: 401, json: { errorMessages: ['You are not authenticated.'], errors: {} } };
  const isAdf = (value: unknown) =>
    typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'doc';
  return startHttpPeer({
    'GET /rest/api/3/myself': guard(() => ({ json: { accountId: 'acc-1' } })),
    'POST /rest/api/3/issue': guard((req) => {
      const fields = (req.json() as { fields?: { description?: unknown } }).fields;
      if (fields?.description !== undefined && !isAdf(fields.description)) {
        return {
          status: 400,
          json: {
            errorMessages: [],
            errors: { description: 'Operation value must be an Atlassian Document.' },
          },
        };
      }
      return {
        status: 201,
        json: { id: '10042', key: 'ITSM-42', self: 'https://jira.invalid/rest/api/3/issue/10042' },
      };
    }),
    'GET /rest/api/3/issue/ITSM-42/transitions': guard(() => ({
      json: { expand: 'transitions', transitions },
    })),
    'POST /rest/api/3/issue/ITSM-42/transitions': guard((req) => {
      const id = (req.json() as { transition?: { id?: string } }).transition?.id;
      return transitions.some((t) => t.id === id)
        ? { status: 204 }
        : {
            status: 400,
            json: { errorMessages: ['Transition id is not valid for this issue.'], errors: {} },
          };
    }),
    'POST /rest/api/3/issue/ITSM-42/comment': guard((req) =>
      isAdf((req.json() as { body?: unknown }).body)
        ? { status: 201, json: { id: '10100' } }
        : { status: 400, json: { errorMessages: ['Comment body is not valid.'], errors: {} } },
    ),
  });
}
