import * as z from 'zod/mini';
import { networkSchema } from '../config/client-config.ts';

/**
 * Every domain event Vigie puts on its bus: EventBridge `source`, `detail-type` and the zod schema
 * of `detail`. Producers and consumers (in AWS and on the local stack) use these and nothing else.
 */
export interface EventContract<Name extends string = string, Schema extends z.ZodMiniType = z.ZodMiniType> {
  readonly source: string;
  readonly detailType: Name;
  readonly schema: Schema;
}

function contract<Name extends string, Schema extends z.ZodMiniType>(
  source: string,
  detailType: Name,
  schema: Schema,
): EventContract<Name, Schema> {
  return { source, detailType, schema };
}

const isoTime = z.iso.datetime({ offset: true });
export const sentimentLabelSchema = z.enum(['negative', 'neutral', 'positive']);

export const SOURCES = {
  ingress: 'vigie.ingress',
  crisis: 'vigie.crisis',
  metrics: 'vigie.metrics',
  publishing: 'vigie.publishing',
} as const;

export const mentionSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(256)),
  at: isoTime,
  network: networkSchema,
  text: z.string().check(z.maxLength(10_000)),
  lang: z.optional(z.enum(['fr', 'en'])),
  author: z.optional(
    z.object({
      handle: z.string().check(z.minLength(1), z.maxLength(256)),
      followers: z.int().check(z.gte(0)),
    }),
  ),
  /** Label given by the upstream listening tool; it wins over Vigie's own analyzer. */
  sentiment: z.optional(sentimentLabelSchema),
  url: z.optional(z.url()),
});
export type Mention = z.infer<typeof mentionSchema>;

export const COUNTER_NAMES = [
  'impressions',
  'reach',
  'likes',
  'comments',
  'shares',
  'saves',
  'clicks',
  'videoViews',
  'watchTimeSeconds',
] as const;
export type CounterName = (typeof COUNTER_NAMES)[number];

/** A publication's content pillar and campaign: the same bounds wherever they travel. */
export const pillarSchema = z.string().check(z.minLength(1), z.maxLength(128));
export const campaignSchema = z.string().check(z.minLength(1), z.maxLength(128));

export const metricsSnapshotSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(256)),
  at: isoTime,
  network: networkSchema,
  postId: z.string().check(z.minLength(1), z.maxLength(256)),
  /** Lifetime counters read at `at`; any may be missing. */
  counters: z.partialRecord(z.enum(COUNTER_NAMES), z.int().check(z.gte(0))),
  /** Optional linkage, when the sender knows it (a link recorded from Vigie's own publication wins). */
  publicationId: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
  pillar: z.optional(pillarSchema),
  campaign: z.optional(campaignSchema),
  format: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  publishedAt: z.optional(isoTime),
});
export type MetricsSnapshot = z.infer<typeof metricsSnapshotSchema>;

/** The brand's own account on a network, read at `at`: followers (a level) and profile views. */
export const accountSnapshotSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(256)),
  at: isoTime,
  network: networkSchema,
  accountId: z.string().check(z.minLength(1), z.maxLength(256)),
  followers: z.int().check(z.gte(0)),
  /** Profile views of the client's local day of `at`, up to `at` (a counter that restarts at local midnight). */
  profileViews: z.optional(z.int().check(z.gte(0))),
});
export type AccountSnapshot = z.infer<typeof accountSnapshotSchema>;

/** What Vigie knows of a published post, so its metrics carry pillar and campaign. */
const publicationLinkage = {
  pillar: z.optional(pillarSchema),
  campaign: z.optional(campaignSchema),
  format: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
};

export const mediaRefSchema = z.strictObject({
  url: z.url({ protocol: /^https$/, error: 'a public https URL' }),
  kind: z.enum(['image', 'video']),
  altText: z.optional(z.string().check(z.maxLength(1000))),
});

/** What a calendar or a scheduling tool may say about a publication besides its text (all optional). */
const publicationContent = {
  /** Text per network, replacing the base text there. */
  variants: z.optional(z.partialRecord(networkSchema, z.string().check(z.minLength(1), z.maxLength(10_000)))),
  media: z.optional(z.array(mediaRefSchema).check(z.maxLength(35))),
  links: z.optional(z.array(z.url({ protocol: /^https?$/ })).check(z.maxLength(10))),
  pillar: z.optional(pillarSchema),
  campaign: z.optional(campaignSchema),
  author: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
  /** IANA time zone of the request; default: the client's. */
  timeZone: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  /** The tool's own id of this post, so its later outcome reports find the publication. */
  toolRef: z.optional(
    z.strictObject({
      tool: z.string().check(z.minLength(1), z.maxLength(64)),
      toolPostId: z.string().check(z.minLength(1), z.maxLength(256)),
    }),
  ),
};

const publicationRef = z.object({
  publicationId: z.string().check(z.minLength(1)),
  network: networkSchema,
});

export const severitySchema = z.enum(['minor', 'major', 'critical']);
export type Severity = z.infer<typeof severitySchema>;

const incidentBase = z.object({
  incidentId: z.string().check(z.minLength(1)),
  severity: severitySchema,
  at: isoTime,
  networks: z.array(networkSchema),
  /** Negative mentions in the detection window, and what is usual for that hour of the week. */
  negativePerHour: z.number().check(z.gte(0)),
  usualNegativePerHour: z.number().check(z.gte(0)),
  negativeShare: z.number().check(z.gte(0), z.lte(1)),
  usualNegativeShare: z.number().check(z.gte(0), z.lte(1)),
  /** Which window saw it: the last hour (a storm) or the last 24 hours (a slow burn). */
  window: z.optional(z.enum(['sharp', 'slow'])),
  /** Followers of the authors of the last hour's negative mentions. */
  negativeReach: z.optional(z.number().check(z.gte(0))),
  /** The last 24 hours, hour by hour, for the email's chart. */
  hourly: z.optional(
    z
      .array(
        z.object({
          hourStart: isoTime,
          negative: z.number().check(z.gte(0)),
          usualNegative: z.number().check(z.gte(0)),
          total: z.number().check(z.gte(0)),
        }),
      )
      .check(z.maxLength(25)),
  ),
  /** The most-followed authors' negative mentions of the last hour (texts cut to 280 characters). */
  topMentions: z.optional(
    z
      .array(
        z.object({
          network: networkSchema,
          text: z.string().check(z.maxLength(280)),
          handle: z.optional(z.string()),
          followers: z.optional(z.number().check(z.gte(0))),
          url: z.optional(z.url()),
        }),
      )
      .check(z.maxLength(5)),
  ),
  /** Words that stand out in the negative mentions. */
  terms: z.optional(z.array(z.string()).check(z.maxLength(10))),
});

export const events = {
  mentionReceived: contract(SOURCES.ingress, 'mention.received', mentionSchema),
  metricsSnapshotReceived: contract(SOURCES.ingress, 'metrics.snapshot.received', metricsSnapshotSchema),
  accountSnapshotReceived: contract(SOURCES.ingress, 'account.snapshot.received', accountSnapshotSchema),
  publicationRequested: contract(
    SOURCES.ingress,
    'publication.requested',
    z.object({
      publicationId: z.string().check(z.minLength(1)),
      at: isoTime,
      networks: z.array(networkSchema).check(z.minLength(1)),
      text: z.string().check(z.minLength(1)),
      /** Absent: the next free slot of each network's posting schedule. */
      scheduledFor: z.optional(isoTime),
      ...publicationContent,
    }),
  ),
  publicationUpdated: contract(
    SOURCES.ingress,
    'publication.updated',
    z.object({
      publicationId: z.string().check(z.minLength(1)),
      at: isoTime,
      networks: z.optional(z.array(networkSchema).check(z.minLength(1))),
      text: z.optional(z.string().check(z.minLength(1))),
      scheduledFor: z.optional(isoTime),
      ...publicationContent,
    }),
  ),
  publicationCancelled: contract(
    SOURCES.ingress,
    'publication.cancelled',
    z.object({
      publicationId: z.string().check(z.minLength(1)),
      at: isoTime,
      reason: z.optional(z.string()),
    }),
  ),
  publicationScheduled: contract(
    SOURCES.publishing,
    'publication.scheduled',
    z.extend(publicationRef, { at: isoTime, scheduledFor: isoTime }),
  ),
  publicationPublished: contract(
    SOURCES.publishing,
    'publication.published',
    z.extend(publicationRef, {
      at: isoTime,
      externalId: z.string().check(z.minLength(1)),
      permalink: z.optional(z.url()),
      ...publicationLinkage,
    }),
  ),
  publicationFailed: contract(
    SOURCES.publishing,
    'publication.failed',
    z.extend(publicationRef, {
      at: isoTime,
      reason: z.string().check(z.minLength(1)),
      attempts: z.int().check(z.gte(1)),
    }),
  ),
  /** A scheduling tool (Hootsuite, Mixpost, Postiz, Agorapulse, TikTok…) reports what became of a post. */
  publicationOutcomeReported: contract(
    SOURCES.ingress,
    'publication.outcome.reported',
    z.object({
      tool: z.string().check(z.minLength(1)),
      /** The tool's own id of the post or message, as it will report it again. */
      toolPostId: z.string().check(z.minLength(1)),
      /** Vigie's publication id when the tool carries it back (e.g. in a tag or external reference). */
      publicationId: z.optional(z.string().check(z.minLength(1))),
      network: z.optional(networkSchema),
      status: z.enum(['scheduled', 'pending_approval', 'published', 'failed']),
      externalId: z.optional(z.string().check(z.minLength(1))),
      permalink: z.optional(z.url()),
      reason: z.optional(z.string()),
      at: isoTime,
      ...publicationLinkage,
    }),
  ),
  /** Every transition of a publication or of one of its networks (the audit log, as events). */
  publicationStateChanged: contract(
    SOURCES.publishing,
    'publication.state.changed',
    z.object({
      publicationId: z.string().check(z.minLength(1)),
      network: z.optional(networkSchema),
      from: z.optional(z.string().check(z.minLength(1))),
      to: z.string().check(z.minLength(1)),
      actor: z.string().check(z.minLength(1)),
      via: z.string().check(z.minLength(1)),
      at: isoTime,
      note: z.optional(z.string()),
    }),
  ),
  /** Reviewers are asked to approve (or reject) this version of a publication, before `expiresAt`. */
  publicationReviewRequested: contract(
    SOURCES.publishing,
    'publication.review.requested',
    z.object({
      publicationId: z.string().check(z.minLength(1)),
      version: z.int().check(z.gte(1)),
      reviewers: z.array(z.email()).check(z.minLength(1)),
      expiresAt: isoTime,
      /** A reminder of a request still open before the slot. */
      reminder: z.optional(z.boolean()),
      at: isoTime,
    }),
  ),
  /** Nobody answered in time: the publication is back to draft and the team is told. */
  publicationReviewExpired: contract(
    SOURCES.publishing,
    'publication.review.expired',
    z.object({ publicationId: z.string().check(z.minLength(1)), reviewers: z.array(z.email()), at: isoTime }),
  ),
  /** A reviewer rejected it (with a comment): back to draft, the team is told. */
  publicationReviewRejected: contract(
    SOURCES.publishing,
    'publication.review.rejected',
    z.object({
      publicationId: z.string().check(z.minLength(1)),
      reviewer: z.string().check(z.minLength(1)),
      comment: z.string(),
      at: isoTime,
    }),
  ),
  /** A natively published account's token no longer works: the team must reconnect it before its next slot. */
  accountAccessLost: contract(
    SOURCES.publishing,
    'account.access.lost',
    z.object({
      network: networkSchema,
      account: z.string().check(z.minLength(1)),
      reason: z.string().check(z.minLength(1)),
      at: isoTime,
    }),
  ),
  incidentOpened: contract(SOURCES.crisis, 'incident.opened', incidentBase),
  incidentEscalated: contract(
    SOURCES.crisis,
    'incident.escalated',
    z.extend(incidentBase, { previousSeverity: severitySchema }),
  ),
  incidentReminder: contract(SOURCES.crisis, 'incident.reminder', incidentBase),
  incidentResolved: contract(
    SOURCES.crisis,
    'incident.resolved',
    z.extend(incidentBase, { openedAt: isoTime, peakNegativePerHour: z.number().check(z.gte(0)) }),
  ),
  kpiThresholdCrossed: contract(
    SOURCES.metrics,
    'kpi.threshold.crossed',
    z.object({
      kpi: z.string().check(z.minLength(1)),
      period: z.enum(['day', 'week', 'month']),
      periodStart: isoTime,
      network: z.union([networkSchema, z.literal('all')]),
      value: z.number(),
      worryLine: z.object({ below: z.optional(z.number()), above: z.optional(z.number()) }),
      /** Which side of the line the value is on. */
      crossed: z.enum(['below', 'above']),
      at: isoTime,
    }),
  ),
} as const;

export type EventName = keyof typeof events;
export type DetailOf<Name extends EventName> = z.infer<(typeof events)[Name]['schema']>;
export type DetailType = (typeof events)[EventName]['detailType'];

/** A domain event ready to publish: which contract, and its detail. */
export interface DomainEvent<Name extends EventName = EventName> {
  name: Name;
  detail: DetailOf<Name>;
}

export function domainEvent<Name extends EventName>(name: Name, detail: DetailOf<Name>): DomainEvent<Name> {
  return { name, detail };
}

export function contractByDetailType(detailType: string): EventContract | undefined {
  return Object.values(events).find((event) => event.detailType === detailType);
}
