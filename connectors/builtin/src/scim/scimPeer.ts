import {
  startHttpPeer,
  type HttpPeer,
  type PeerReply,
  type PeerRequest,
} from '@flowline/connector-sdk/testing';

const errorUrn = 'urn:ietf:params:scim:api:messages:2.0:Error';
const scimError = (status: number, detail: string, scimType?: string): PeerReply => ({
  status,
  json: { schemas: [errorUrn], status: String(status), detail, ...(scimType ? { scimType } : {}) },
  headers: { 'content-type': 'application/scim+json' },
});

export interface ScimPeerOptions {
  /** Group ids that take PatchOps on /Groups/{id} (a directory's department groups); `g1` by default. */
  readonly groups?: readonly string[];
}

/** The peer, and a switch that makes it answer 503 to everything, as a provider that is down. */
export interface ScimPeer extends HttpPeer {
  setDown(down: boolean): void;
}

/**
 * Plays a SCIM 2.0 service provider (RFC 7644): Bearer auth, application/scim+json, 201 with the
 * created resource, 409 `uniqueness` for a taken userName, PatchOp on /Groups/{id} (g1 unless
 * `groups` names others) and /Users/u1.
 */
export async function startScimPeer(
  token: string,
  takenUserNames: readonly string[] = [],
  options: ScimPeerOptions = {},
): Promise<ScimPeer> {
  let down = false;
  const guard =
    (route: (req: PeerRequest) => PeerReply) =>
    (req: PeerRequest): PeerReply => {
      if (down) return scimError(503, 'Service Unavailable');
      if (req.headers.authorization !== `Bearer ${token}`) return scimError(401, 'Authorization failure');
      if (req.method !== 'GET' && req.headers['content-type'] !== 'application/scim+json') {
        return scimError(415, 'Use application/scim+json');
      }
      return route(req);
    };
  const patchOk = (req: PeerRequest): PeerReply => {
    const body = req.json() as { schemas?: string[]; Operations?: unknown[] };
    return body.schemas?.includes('urn:ietf:params:scim:api:messages:2.0:PatchOp') &&
      Array.isArray(body.Operations)
      ? { status: 204 }
      : scimError(400, 'Not a PatchOp', 'invalidSyntax');
  };
  const groupRoutes = Object.fromEntries(
    (options.groups ?? ['g1']).map((id) => [
      `PATCH /scim/v2/Groups/${encodeURIComponent(id)}`,
      guard(patchOk),
    ]),
  );
  const peer = await startHttpPeer({
    ...groupRoutes,
    'GET /scim/v2/ServiceProviderConfig': guard(() => ({ json: { patch: { supported: true } } })),
    'POST /scim/v2/Users': guard((req) => {
      const user = req.json() as { userName: string };
      if (takenUserNames.includes(user.userName))
        return scimError(409, 'userName is already in use', 'uniqueness');
      return {
        status: 201,
        json: { ...user, id: 'u1', meta: { resourceType: 'User' } },
        headers: { 'content-type': 'application/scim+json', location: '/scim/v2/Users/u1' },
      };
    }),
    'PATCH /scim/v2/Users/u1': guard(patchOk),
  });
  return Object.assign(peer, { setDown: (value: boolean) => void (down = value) });
}
