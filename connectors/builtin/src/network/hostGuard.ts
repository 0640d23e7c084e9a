import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import {
  createSsrfGuard,
  isConnectorError,
  type LookupAddresses,
  type NetworkPolicy,
  type VettedTarget,
} from '@flowline/connector-sdk';

/** What a connector that opens its own sockets (SMTP, MongoDB) needs to obey the operator's policy. */
export interface HostGuardOptions {
  /** The operator's outbound allow-list; default: public addresses only. */
  readonly network?: NetworkPolicy;
  /** DNS resolution; tests stub it. */
  readonly lookup?: LookupAddresses;
}

/**
 * Checks a host name (or literal address) with the SDK's SSRF guard and returns the one address to
 * connect to. The guard only speaks URLs, so the host is wrapped in one; the scheme is irrelevant.
 */
export function vetHost(host: string, options: HostGuardOptions = {}): Promise<VettedTarget> {
  const guard = createSsrfGuard(options.network ?? {}, options.lookup ? { lookup: options.lookup } : {});
  const bare = host.replace(/^\[|\]$/g, '');
  const shown = isIP(bare) === 6 ? `[${bare}]` : bare;
  return guard.vet(new URL(`https://${shown}/`));
}

/**
 * A `net` lookup function that answers only with vetted addresses, for drivers that resolve host
 * names themselves (the MongoDB driver discovers replica-set members at run time). The address the
 * guard checked is the address the socket uses, so there is no window for DNS rebinding.
 */
export function guardedLookup(options: HostGuardOptions = {}): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    vetHost(hostname, options).then(
      (target) => {
        if (lookupOptions.all) callback(null, [{ address: target.address, family: target.family }]);
        else callback(null, target.address, target.family);
      },
      (error: unknown) => {
        const failure = Object.assign(new Error(isConnectorError(error) ? error.message : String(error)), {
          code: isConnectorError(error) ? error.code : 'ENOTFOUND',
        });
        callback(failure, '', 4);
      },
    );
  };
}
