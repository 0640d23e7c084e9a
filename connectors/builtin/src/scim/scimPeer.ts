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

/**
 * Plays a SCIM 2.0 service provider (RFC 7644): Bearer auth, application/scim+json, 201 with the
 * created resource, 409 `uniqueness` for a taken userName, PatchOp on /Groups/g1 and /Users/u1.
 */
export async function startScimPeer(
  token: string,
  takenUserNames: readonly string[] = [],
): Promise<HttpPeer> {
  const guard =
    (route: (req: PeerRequest) => PeerReply) =>
    (req: PeerRequest): PeerReply => {
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
  return startHttpPeer({
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
    'PATCH /scim/v2/Groups/g1': guard(patchOk),
    'PATCH /scim/v2/Users/u1': guard(patchOk),
  });
}
