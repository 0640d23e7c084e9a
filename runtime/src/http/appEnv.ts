import type { Context } from 'hono';
import type { AuthEnv } from '../auth';
import type { Clock } from '../clock';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { RuntimeCore } from '../runtimeCore';
import type { ApprovalLinks } from '../auth/approvalLink';
import type { CredentialVault } from '../credentials';
import type { CronTriggers } from '../workflows/cronTriggers';
import type { LiveUpdates } from '../live';
import type { TestClockControl } from './routes/testClock';
import type { RetentionConfig } from '../retention';
import type { LinkOrigin } from '../tasks/linkOrigin';

/** What route handlers may use. */
export interface AppDeps {
  readonly core: RuntimeCore;
  readonly clock: Clock;
  /**
   * What sessions and sign-in throttling read: `clock` unless a test clock moves that one (then
   * sessions keep real time, so a jump of days in a scenario test does not sign everyone out).
   */
  readonly sessionClock?: Clock;
  /**
   * The caller's address for rate limits and the sign-in back-off: the TCP peer by default, the
   * trusted proxies' X-Forwarded-For entry with FLOWLINE_TRUSTED_PROXY_HOPS (auth/rateLimit.ts).
   */
  readonly clientAddress?: (c: Context) => string;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly approvalLinks: ApprovalLinks;
  readonly vault: CredentialVault;
  /** Where the designer and API are served from (FLOWLINE_PUBLIC_ORIGIN), for CSRF; unset: each request's own origin. */
  readonly publicOrigin?: string;
  /** Where minted approval links point, and why there: the same origin the approval e-mails use. */
  readonly linkOrigin: () => LinkOrigin;
  /** Secrets for webhook signatures, by name. */
  readonly webhookSecrets: Readonly<Record<string, string>>;
  readonly maxBodyBytes: number;
  readonly secureCookies: boolean;
  /** Cron triggers: armed when a version is published, their state shown on the definition. */
  readonly cron?: Pick<CronTriggers, 'published' | 'status' | 'activating' | 'activationChanged'>;
  /** Live updates (GET /api/stream): this process's clients of the store's change feed. */
  readonly live: LiveUpdates;
  /** The designer's build (index.html, assets/); designer/dist of this checkout by default. */
  readonly designerDir?: string;
  /** Test-only (FLOWLINE_TEST_CLOCK): moves the process's clock forward; absent in normal runs. */
  readonly testClock?: TestClockControl;
  /** The global retention policy (config `retention`), shown beside a workflow's own; off when absent. */
  readonly retention?: Pick<RetentionConfig, 'endedInstancesDays' | 'mode'>;
}

export interface AppEnv extends AuthEnv {
  Variables: AuthEnv['Variables'] & { requestId: string };
}
