import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { KPI_FIELD_NAMES } from '../domain/metrics/kpi-names.ts';

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

const timeZoneSchema = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not an IANA time zone (e.g. Europe/Paris)' },
);

/** A KPI "worry line": crossing it sends one alert per period. */
const worryLineSchema = z
  .object({
    kpi: z.enum(KPI_FIELD_NAMES, { error: `unknown KPI; valid names: ${KPI_FIELD_NAMES.join(', ')}` }),
    period: z.enum(['day', 'week', 'month']),
    network: z.union([networkSchema, z.literal('all')]).default('all'),
    below: z.number().optional(),
    above: z.number().optional(),
  })
  .refine((line) => line.below !== undefined || line.above !== undefined, {
    message: 'a worry line needs "below" or "above"',
  });

export const clientConfigSchema = z.strictObject({
  client: z.strictObject({
    /** Lower-case id used in resource names: letters, digits, dashes. */
    name: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, 'lower-case letters, digits and dashes, 2-31 chars'),
    displayName: z.string().min(1),
    language: z.enum(['fr', 'en']),
    timeZone: timeZoneSchema,
  }),
  networks: z.array(networkSchema).min(1),
  alerts: z.strictObject({
    recipients: z.array(z.email()).min(1),
    sender: z.email(),
    opsEmail: z.email(),
  }),
  crisis: z
    .strictObject({
      sensitivity: z.enum(['low', 'balanced', 'high']).default('balanced'),
      retentionDays: z.number().int().min(1).max(3650).default(90),
      playbook: z.array(z.string().min(1)).default([]),
      /** Minutes without acknowledgement after the last crisis email before a reminder. */
      reminderMinutes: z.number().int().min(15).max(1440).default(120),
    })
    .prefault({}),
  /**
   * The brand's own account on each network that Vigie reads (metrics pulls) or posts to (native
   * publishers): the network's account id and the Secrets Manager secret holding its access token.
   */
  accounts: z
    .partialRecord(
      networkSchema,
      z.strictObject({
        /** Page id (Facebook), Instagram professional account id, LinkedIn organization URN, X user id… */
        accountId: z.string().min(1).max(256),
        handle: z.string().min(1).max(256).optional(),
        tokenSecretName: z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, 'not a valid Secrets Manager name'),
      }),
    )
    .default({}),
  sentiment: z.strictObject({ engine: z.enum(['builtin', 'comprehend']).default('builtin') }).prefault({}),
  worryLines: z.array(worryLineSchema).default([]),
  webhooks: z
    .array(
      z.strictObject({
        source: webhookSourceSchema,
        /** Name of the Secrets Manager secret holding the signing secret or token. */
        secretName: z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, 'not a valid Secrets Manager name'),
        /** Deliveries accepted per minute before 429 (per function instance in AWS); none: no limit. */
        maxPerMinute: z.number().int().min(1).optional(),
      }),
    )
    .default([])
    .refine((hooks) => new Set(hooks.map((hook) => hook.source)).size === hooks.length, {
      message: 'each webhook source may appear once',
    }),
});

export type ClientConfig = z.infer<typeof clientConfigSchema>;

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
  const result = clientConfigSchema.safeParse(raw);
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
