import {
  startHttpPeer,
  type HttpPeer,
  type PeerReply,
  type PeerRequest,
} from '@flowline/connector-sdk/testing';

type Row = Record<string, unknown> & { sys_id: string };

const tables = ['incident', 'change_request', 'sc_request'] as const;
const prefix = { incident: 'INC', change_request: 'CHG', sc_request: 'REQ' } as const;

// Closing or cancelling a record ends it, as the base system's business rules do (active=false).
const endedStates: Readonly<Record<string, readonly string[]>> = {
  incident: ['7', '8'],
  change_request: ['3', '4'],
};

const failure = (status: number, message: string, detail: string): PeerReply => ({
  status,
  json: { error: { message, detail }, status: 'failure' },
});

/**
 * Plays the ServiceNow Table API as documented: Basic auth, JSON bodies, `{ result }` envelopes,
 * 201 on insert, PATCH merging fields, `{ error, status: 'failure' }` bodies on errors, lists
 * filtered by the `field=value` terms of an encoded query (`^`-joined; ORDERBY terms ignored). The
 * SDK's peer routes by exact path, so each seeded or inserted record gets its PATCH route.
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
  const patchable = (table: (typeof tables)[number], sysId: string) => {
    routes[`PATCH /api/now/table/${table}/${sysId}`] = (req) => {
      if (!authorized(req)) return unauthorized();
      const row = rows.get(sysId);
      if (!row)
        return failure(404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval");
      const merged: Row = { ...row, ...(req.json() as object) };
      if ((endedStates[table] ?? []).includes(String(merged['state']))) merged['active'] = 'false';
      rows.set(sysId, merged);
      return { json: { result: merged } };
    };
  };
  for (const table of tables) {
    routes[`POST /api/now/table/${table}`] = (req) => {
      if (!authorized(req)) return unauthorized();
      const sysId = (counter++).toString(16).padStart(32, '0');
      const row: Row = {
        active: 'true',
        ...(req.json() as object),
        sys_id: sysId,
        number: `${prefix[table]}00${counter}`,
        sys_class_name: table,
      };
      rows.set(sysId, row);
      patchable(table, sysId);
      return { status: 201, json: { result: row } };
    };
    routes[`GET /api/now/table/${table}`] = (req) =>
      authorized(req) ? { json: { result: listed(table, req.query) } } : unauthorized();
    for (const seeded of options.seed?.[table] ?? []) {
      rows.set(seeded.sys_id, { sys_class_name: table, ...seeded });
      patchable(table, seeded.sys_id);
    }
  }
  const listed = (table: string, query: Readonly<Record<string, string>>) => {
    const terms = (query['sysparm_query'] ?? '')
      .split('^')
      .filter((term) => term !== '' && !term.startsWith('ORDERBY'))
      .map((term) => term.split('=', 2) as [string, string]);
    const fields = query['sysparm_fields']?.split(',');
    const limit = Number(query['sysparm_limit'] ?? 10_000);
    return [...rows.values()]
      .filter((row) => row['sys_class_name'] === table)
      .filter((row) => terms.every(([field, value]) => String(row[field] ?? '') === value))
      .slice(0, limit)
      .map((row) => (fields ? Object.fromEntries(fields.map((f) => [f, row[f] ?? ''])) : row));
  };
  const peer = await startHttpPeer(routes);
  return Object.assign(peer, { rows });
}
