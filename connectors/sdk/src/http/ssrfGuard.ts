import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { permanent, retryable } from '../errors';
import { classifyAddress, embeddedIPv4, type AddressClass } from './addressRanges';
import type { NetworkPolicy } from './networkPolicy';

/** Resolves a host name to every address it has (the guard checks them all). */
export type LookupAddresses = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

/** The checked address a request must connect to: the connection is pinned to it. */
export interface VettedTarget {
  readonly hostname: string;
  readonly address: string;
  readonly family: 4 | 6;
}

/**
 * Decides, before any socket exists, whether a URL may be fetched and which address to use.
 *
 * @example
 * const guard = createSsrfGuard({ allowHosts: ['10.20.0.0/16'] });
 * const target = await guard.vet(new URL('https://itsm.corp.example/api'));
 */
export interface SsrfGuard {
  vet(url: URL): Promise<VettedTarget>;
}

const systemLookup: LookupAddresses = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

const advice: Record<AddressClass, string> = {
  public: '',
  loopback: 'an operator can allow it with network.allowLoopback',
  private: 'an operator can allow it with network.allowPrivate or network.allowHosts',
  linkLocal: 'link-local and cloud metadata addresses open only through an explicit network.allowHosts entry',
  reserved: 'reserved and multicast addresses open only through an explicit network.allowHosts entry',
  unspecified: 'the unspecified address is never reachable',
};

function buildAllowList(entries: readonly string[]) {
  const cidrs = new BlockList();
  const names: string[] = [];
  for (const entry of entries) {
    const [network = '', prefix] = entry.split('/');
    const family = isIP(network);
    if (family === 0) {
      names.push(entry.toLowerCase().replace(/\.$/, ''));
      continue;
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    try {
      if (prefix === undefined) cidrs.addAddress(network, type);
      else cidrs.addSubnet(network, Number(prefix), type);
    } catch (cause) {
      throw permanent('INVALID_NETWORK_POLICY', `network.allowHosts entry "${entry}" is not a valid CIDR`, {
        cause,
      });
    }
  }
  const hasCidr = (address: string): boolean => {
    const v4 = isIP(address) === 6 ? embeddedIPv4(address) : undefined;
    const check = (a: string) => cidrs.check(a, isIP(a) === 4 ? 'ipv4' : 'ipv6');
    return check(address) || (v4 !== undefined && check(v4));
  };
  const hasName = (hostname: string): boolean =>
    names.some((name) => (name.startsWith('*.') ? hostname.endsWith(name.slice(1)) : hostname === name));
  return { hasCidr, hasName };
}

function refusal(hostname: string, address: string, cls: AddressClass) {
  const shown = hostname === address ? address : `${hostname} (${address})`;
  return permanent(
    'SSRF_BLOCKED',
    `Refused to connect to ${shown}: ${cls} addresses are blocked; ${advice[cls]}`,
    { details: { hostname, address, addressClass: cls } },
  );
}

/**
 * Creates the guard for one network policy. Literal IPs are checked as they are (they skip DNS);
 * host names are resolved once, every address is checked, and one vetted address is returned so
 * the caller connects to exactly that address (no DNS rebinding between check and connect).
 *
 * @example
 * const guard = createSsrfGuard({ allowLoopback: true });
 */
export function createSsrfGuard(
  policy: NetworkPolicy = {},
  options: { lookup?: LookupAddresses } = {},
): SsrfGuard {
  const allow = buildAllowList(policy.allowHosts ?? []);
  const lookup = options.lookup ?? systemLookup;

  const permitted = (address: string, trustedName: boolean): AddressClass | undefined => {
    const cls = classifyAddress(address);
    if (cls === 'public') return undefined;
    if (cls === 'unspecified') return cls;
    if (trustedName || allow.hasCidr(address)) return undefined;
    if (cls === 'loopback' && policy.allowLoopback) return undefined;
    if (cls === 'private' && policy.allowPrivate) return undefined;
    return cls;
  };

  return {
    async vet(url) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw permanent(
          'UNSUPPORTED_PROTOCOL',
          `Only http and https URLs can be fetched, not ${url.protocol}`,
        );
      }
      if (url.username || url.password) {
        throw permanent(
          'INVALID_URL',
          'URLs with embedded user names or passwords are refused; use a credential',
        );
      }
      const hostname = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
      const literal = isIP(hostname);
      if (literal !== 0) {
        const cls = permitted(hostname, false);
        if (cls) throw refusal(hostname, hostname, cls);
        return { hostname, address: hostname, family: literal === 4 ? 4 : 6 };
      }
      const trustedName = allow.hasName(hostname.replace(/\.$/, ''));
      let addresses: readonly { address: string; family: number }[];
      try {
        addresses = await lookup(hostname);
      } catch (cause) {
        throw retryable('DNS_LOOKUP_FAILED', `Could not resolve ${hostname}`, { cause });
      }
      if (addresses.length === 0) throw retryable('DNS_LOOKUP_FAILED', `${hostname} has no addresses`);
      // One bad address taints the name: a mixed answer is how rebinding attacks start.
      for (const { address } of addresses) {
        const cls = permitted(address, trustedName);
        if (cls) throw refusal(hostname, address, cls);
      }
      const chosen = addresses.find((a) => a.family === 4) ?? addresses[0];
      if (!chosen) throw retryable('DNS_LOOKUP_FAILED', `${hostname} has no addresses`);
      return { hostname, address: chosen.address, family: chosen.family === 6 ? 6 : 4 };
    },
  };
}
