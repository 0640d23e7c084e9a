import { z } from 'zod';

/**
 * What the operator opens on purpose. Everything non-public is refused unless listed here; the
 * default (`{}`) allows public addresses only.
 *
 * @example
 * const network: NetworkPolicy = { allowHosts: ['servicenow.corp.example', '10.20.0.0/16'] };
 */
export const NetworkPolicySchema = z.strictObject({
  /** 127.0.0.0/8 and ::1: for tests and same-host services. */
  allowLoopback: z.boolean().optional(),
  /** 10/8, 172.16/12, 192.168/16, 100.64/10 (CGNAT), fc00::/7. Never link-local or metadata. */
  allowPrivate: z.boolean().optional(),
  /** Host names (exact, or `*.suffix`) whose addresses are trusted, or CIDRs / single IPs. */
  allowHosts: z.array(z.string().min(1)).optional(),
});
export type NetworkPolicy = z.infer<typeof NetworkPolicySchema>;
