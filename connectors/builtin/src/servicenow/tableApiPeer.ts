import {
  startHttpPeer,
  type HttpPeer,
  type PeerReply,
  type PeerRequest,
} from '@flowline/connector-sdk/testing';

type Row = Record<string, unknown> & { sys_id: string };

const tables = ['incident', 'change_request', 'sc_request'] as const;
const prefix = { incident: 'INC', change_request: 'CHG', sc_request: 'REQ' } as const;

const failure = (status: number, message: string, detail: string): PeerReply => ({
  status,
  json: { error: { message, detail }, status: 'failure' },
});

/**
 * Plays the ServiceNow Table API as documented: Basic auth, JSON bodies, `{ result }` envelopes,
 * 201 on insert, PATCH merging fields, `{ error, status: 'failure' }` bodies on errors. The SDK's
 * peer routes by exact path, so records that will be patched are seeded up front.
 */
export async function startTableApiPeer(options: {
  readonly login: { readonly username: string; readonly password: string };
  readonly seed?: Readonly<Partial<Record<(typeof tables)[number], readonly Row[]>>>;
}): Promise<HttpPeer & { rows: Map<string, Row> }> {
  const rows = new Map<string, Row>();
  const expected = `Basic ${Buffer.from(`${options.login.username}:${options.login.password}`).toString('base64')}`;
  let counter = 1000;
  const authorized = (req: PeerRequest) => req.headers.authorization === expected;
  const unauthorized = () => failure(401, 'User Not Authenticated', 'Required to provide Auth information');

  const routes: Record<string, (req: PeerRequest) => PeerReply> = {};
  for (const table of tables) {
    routes[`POST /api/now/table/${table}`] = (req) => {
      if (!authorized(req)) return unauthorized();
      const sysId = (counter++).toString(16).padStart(32, '0');
      const row: Row = { ...(req.json() as object), sys_id: sysId, number: `${prefix[table]}00${counter}` };
      rows.set(sysId, row);
      return { status: 201, json: { result: row } };
    };
    routes[`GET /api/now/table/${table}`] = (req) =>
      authorized(req) ? { json: { result: [] } } : unauthorized();
    for (const seeded of options.seed?.[table] ?? []) {
      rows.set(seeded.sys_id, { ...seeded });
      routes[`PATCH /api/now/table/${table}/${seeded.sys_id}`] = (req) => {
        if (!authorized(req)) return unauthorized();
        const row = rows.get(seeded.sys_id);
        if (!row)
          return failure(
            404,
            'No Record found',
            "Record doesn't exist or ACL restricts the record retrieval",
          );
        const merged = { ...row, ...(req.json() as object) };
        rows.set(seeded.sys_id, merged);
        return { json: { result: merged } };
      };
    }
  }
  const peer = await startHttpPeer(routes);
  return Object.assign(peer, { rows });
}
