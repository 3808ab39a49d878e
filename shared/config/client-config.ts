import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { KPI_FIELD_NAMES } from '../domain/metrics/kpi-names.ts';
import './zod-english-messages.ts';

/** Networks Vigie knows. One list, used by config, events and fixtures. */
export const NETWORKS = ['instagram', 'facebook', 'x', 'tiktok', 'linkedin', 'youtube'] as const;
export const networkSchema = z.enum(NETWORKS);
export type Network = z.infer<typeof networkSchema>;

export const WEBHOOK_SOURCES = [
  'standard',
  'meta',
  'x',
  'linkedin',
  'tiktok',
  'hootsuite',
  'mixpost',
  'postiz',
  'agorapulse',
] as const;
export const webhookSourceSchema = z.enum(WEBHOOK_SOURCES);
export type WebhookSource = z.infer<typeof webhookSourceSchema>;

/** An IANA time zone name, as `Intl` knows it. */
export const timeZoneSchema = z.string().check(
  z.refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not an IANA time zone (e.g. Europe/Paris)' },
  ),
);

/** A KPI "worry line": crossing it sends one alert per period. */
const worryLineSchema = z
  .object({
    kpi: z.enum(KPI_FIELD_NAMES, { error: `unknown KPI; valid names: ${KPI_FIELD_NAMES.join(', ')}` }),
    period: z.enum(['day', 'week', 'month']),
    network: z._default(z.union([networkSchema, z.literal('all')]), 'all'),
    below: z.optional(z.number()),
    above: z.optional(z.number()),
  })
  .check(
    z.refine((line) => line.below !== undefined || line.above !== undefined, {
      message: 'a worry line needs "below" or "above"',
    }),
  );

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const weekdaySchema = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof weekdaySchema>;
/** A local wall-clock time of day, 24-hour `HH:MM`. */
export const localTimeSchema = z
  .string()
  .check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time HH:MM (24-hour)'));

/** The publication queue: approval, reviewers, and the posting slots of each network (local times). */
const publishingSchema = z
  .strictObject({
    /** When true, nothing is published before a reviewer approved it. */
    requireApproval: z._default(z.boolean(), false),
    /** Who gets the approval emails (signed approve / reject links, no account needed). */
    reviewers: z._default(z.array(z.email()), []),
    /** An approval request not answered within this many hours falls back to draft (and the team is told). */
    approvalExpiryHours: z._default(z.int().check(z.gte(1), z.lte(720)), 48),
    /** Reviewers get a reminder this many hours before the slot while the request is open; 0: none. */
    reminderHoursBefore: z._default(z.int().check(z.gte(0), z.lte(168)), 4),
    /** Time zone of the slots and of "the day" of a post; default: `client.timeZone`. */
    timeZone: z.optional(timeZoneSchema),
    /** Posting slots per network and weekday, local times: a publication without a time takes the next free one. */
    slots: z._default(
      z.partialRecord(networkSchema, z.partialRecord(weekdaySchema, z.array(localTimeSchema))),
      {},
    ),
  })
  .check(
    z.refine((publishing) => !publishing.requireApproval || publishing.reviewers.length > 0, {
      message: 'requireApproval needs at least one reviewer',
      path: ['reviewers'],
    }),
  );
/**
 * The name of a Parameter Store SecureString holding a secret the client provides (webhook secrets,
 * network tokens, signing secrets): `/`-rooted, as Parameter Store wants a hierarchy to be (e.g.
 * `/vigie/acme/webhooks/standard`), at most 15 levels, not under the reserved `aws` / `ssm` prefixes.
 * The fields keep their `…SecretName` names: what they name is still a secret, only its store changed
 * (Secrets Manager charges 0.40 USD a secret a month, a standard SecureString nothing). A Secrets
 * Manager name of an older client file (`vigie/acme/…`, no leading slash) fails here, at synth.
 */
const secretNameSchema = z.string().check(
  z.maxLength(900),
  z.regex(
    /^(\/[A-Za-z0-9_.-]+){1,15}$/,
    'not a Parameter Store name: /-rooted, letters, digits, _ . - (e.g. /vigie/acme/webhooks/standard)',
  ),
  z.refine((name) => !/^\/(aws|ssm)/i.test(name), 'a Parameter Store name cannot start with aws or ssm'),
);

/** Networks with a native publisher adapter (shared/adapters/publishers/). */
export const NATIVE_PUBLISHER_NETWORKS: readonly Network[] = ['facebook', 'instagram', 'linkedin', 'x'];

function publisherSchema() {
  /** At most this many posts in any 24 hours on this network (checked before sending). */
  const dailyCap = z.optional(z.int().check(z.gte(1), z.lte(1000)));
  return z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('webhook'),
      url: z.url({ protocol: /^https?$/ }),
      /** Parameter Store SecureString holding the `whsec_…` signing secret. */
      secretName: secretNameSchema,
      /** The receiver answers `GET <url>?idempotencyKey=…` (see docs/publishing.md); otherwise never asked. */
      verify: z._default(z.boolean(), false),
      dailyCap,
    }),
    z.strictObject({
      kind: z.literal('native'),
      /** Graph API version (`v24.0`) or LinkedIn-Version (`202511`); the adapter's default otherwise. */
      apiVersion: z.optional(
        z.string().check(z.regex(/^v?\d+(\.\d+)?$/, 'e.g. v24.0 (Graph) or 202511 (LinkedIn)')),
      ),
      /** Instagram: graph.instagram.com for a token from Instagram Login (default: Facebook Login's host). */
      graphHost: z.optional(z.enum(['graph.facebook.com', 'graph.instagram.com'])),
      dailyCap,
    }),
  ]);
}

export const clientConfigSchema = z.strictObject({
  client: z.strictObject({
    /** Lower-case id used in resource names: letters, digits, dashes. */
    name: z
      .string()
      .check(z.regex(/^[a-z][a-z0-9-]{1,30}$/, 'lower-case letters, digits and dashes, 2-31 chars')),
    displayName: z.string().check(z.minLength(1)),
    language: z.enum(['fr', 'en']),
    timeZone: timeZoneSchema,
  }),
  networks: z.array(networkSchema).check(z.minLength(1)),
  alerts: z.strictObject({
    recipients: z.array(z.email()).check(z.minLength(1)),
    sender: z.email(),
    opsEmail: z.email(),
    /** Hours without any mention received after which ops are told (a sender stopped calling). */
    silenceAlarmHours: z._default(z.int().check(z.gte(1), z.lte(168)), 12),
  }),
  crisis: z.prefault(
    z.strictObject({
      sensitivity: z._default(z.enum(['low', 'balanced', 'high']), 'balanced'),
      retentionDays: z._default(z.int().check(z.gte(1), z.lte(3650)), 90),
      playbook: z._default(z.array(z.string().check(z.minLength(1))), []),
      /** Minutes without acknowledgement after the last crisis email before a reminder. */
      reminderMinutes: z._default(z.int().check(z.gte(15), z.lte(1440)), 120),
    }),
    {},
  ),
  /**
   * The brand's own account on each network that Vigie reads (metrics pulls) or posts to (native
   * publishers): the network's account id and the Parameter Store SecureString holding its access token.
   */
  accounts: z._default(
    z.partialRecord(
      networkSchema,
      z.strictObject({
        /** Page id (Facebook), Instagram professional account id, LinkedIn organization URN, X user id… */
        accountId: z.string().check(z.minLength(1), z.maxLength(256)),
        handle: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
        /** Parameter Store SecureString holding the account's access token. */
        tokenSecretName: secretNameSchema,
      }),
    ),
    {},
  ),
  /**
   * How each network's posts are sent: `webhook` (a signed Standard Webhooks POST to the client's
   * Zapier / Make / n8n / scheduling tool) or `native` (the network's API with the token of
   * `accounts.<network>`). A network without an entry is not published to.
   */
  publishers: z._default(z.partialRecord(networkSchema, publisherSchema()), {}).check(
    z.superRefine((publishers, context) => {
      for (const [network, publisher] of Object.entries(publishers)) {
        if (publisher?.kind === 'native' && !NATIVE_PUBLISHER_NETWORKS.includes(network as Network)) {
          context.addIssue({
            code: 'custom',
            path: [network, 'kind'],
            message: `no native publisher for ${network} (native: ${NATIVE_PUBLISHER_NETWORKS.join(', ')}); use "webhook"`,
          });
        }
      }
    }),
  ),
  /** Lifecycle events (`publication.*`) delivered as signed Standard Webhooks to the client's URLs. */
  outboundWebhooks: z._default(
    z.array(
      z.strictObject({
        url: z.url({ protocol: /^https?$/ }),
        /** Parameter Store SecureString holding the `whsec_…` signing secret. */
        secretName: secretNameSchema,
        /** Detail-types to deliver (e.g. `publication.published`); all `publication.*` events when absent. */
        events: z.optional(
          z
            .array(z.string().check(z.regex(/^publication\.[a-z.]+$/, 'a publication.* event')))
            .check(z.minLength(1)),
        ),
      }),
    ),
    [],
  ),
  sentiment: z.prefault(
    z.strictObject({ engine: z._default(z.enum(['builtin', 'comprehend']), 'builtin') }),
    {},
  ),
  worryLines: z._default(z.array(worryLineSchema), []),
  webhooks: z
    ._default(
      z.array(
        z.strictObject({
          source: webhookSourceSchema,
          /** Parameter Store SecureString holding the signing secret or token. */
          secretName: secretNameSchema,
          /** Deliveries accepted per minute before 429 (per function instance in AWS); none: no limit. */
          maxPerMinute: z.optional(z.int().check(z.gte(1))),
        }),
      ),
      [],
    )
    .check(
      z.refine((hooks) => new Set(hooks.map((hook) => hook.source)).size === hooks.length, {
        message: 'each webhook source may appear once',
      }),
    ),
  publishing: z.prefault(publishingSchema, {}),
  observability: z.prefault(
    z.strictObject({
      /**
       * X-Ray subsegments for the handler and every AWS SDK call (Powertools Tracer). Off by default:
       * the X-Ray SDK is ~116 KB of every bundle; Lambda's active tracing records each invocation's
       * segment either way.
       */
      sdkTracing: z._default(z.boolean(), false),
    }),
    {},
  ),
});

export type ClientConfig = z.infer<typeof clientConfigSchema>;

/** Rules across sections: a native publisher posts as the brand's account on its network, so it needs one. */
const checkedClientConfigSchema = clientConfigSchema.check(
  z.superRefine((config, context) => {
    for (const [network, publisher] of Object.entries(config.publishers)) {
      const native = publisher?.kind === 'native' && NATIVE_PUBLISHER_NETWORKS.includes(network as Network);
      if (native && !config.accounts[network as Network]) {
        context.addIssue({
          code: 'custom',
          path: ['publishers', network],
          message: `a native publisher needs accounts.${network} (accountId and tokenSecretName)`,
        });
      }
    }
  }),
);

export class ClientConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} is not a valid client configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ClientConfigError';
  }
}

/** Validates a parsed client configuration; errors name the file, the field path and the reason. */
export function parseClientConfig(raw: unknown, file = '<inline>'): ClientConfig {
  const result = checkedClientConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new ClientConfigError(
    file,
    result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
  );
}

export function loadClientConfig(file: string): ClientConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ClientConfigError(file, [`cannot read file (${(error as NodeJS.ErrnoException).code})`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ClientConfigError(file, [`not valid JSON: ${(error as Error).message}`]);
  }
  return parseClientConfig(raw, file);
}

/** The time zone of the posting slots and calendar days: `publishing.timeZone`, else the client's. */
export function publishingTimeZone(config: ClientConfig): string {
  return config.publishing.timeZone ?? config.client.timeZone;
}
