import { z } from 'zod';
import { type DomainEvent, domainEvent } from '../../../events/catalog.ts';
import { hmacSha256, sameSignature } from '../signatures.ts';
import type { Verification, WebhookRequest, WebhookSourceAdapter } from '../webhook.ts';
import { networkOf } from './networks.ts';

/**
 * Agorapulse webhooks: `X-Hook-Signature` = HMAC-SHA256 of the raw body with the webhook secret;
 * hex and base64 are both accepted (a documented choice: the encoding is not specified).
 * `PUBLISHING_POST` → `publication.outcome.reported`; `INBOX_ITEM` (a comment on the brand's post)
 * → `mention.received`, with Agorapulse's sentiment as the upstream label when it has one.
 */
const publishingSchema = z.object({
  id: z.string(),
  type: z.literal('PUBLISHING_POST'),
  createdAt: z.iso.datetime({ offset: true }),
  data: z.object({
    post: z.object({
      id: z.string(),
      status: z.string(),
      network: z.string(),
      url: z.url().nullish(),
      externalId: z.string().nullish(),
      error: z.string().nullish(),
    }),
  }),
});
const inboxSchema = z.object({
  id: z.string(),
  type: z.literal('INBOX_ITEM'),
  createdAt: z.iso.datetime({ offset: true }),
  data: z.object({
    item: z.object({
      id: z.string(),
      network: z.string(),
      text: z.string(),
      createdAt: z.iso.datetime({ offset: true }),
      url: z.url().nullish(),
      sentiment: z.enum(['POSITIVE', 'NEGATIVE', 'NEUTRAL']).nullish(),
      author: z.object({ name: z.string(), followers: z.number().int().min(0).nullish() }).nullish(),
    }),
  }),
});
const agorapulseBodySchema = z.discriminatedUnion('type', [publishingSchema, inboxSchema]);
type AgorapulseBody = z.infer<typeof agorapulseBodySchema>;

const PUBLISH_STATUS: Record<string, 'published' | 'failed' | 'scheduled'> = {
  PUBLISHED: 'published',
  FAILED: 'failed',
  SCHEDULED: 'scheduled',
};
const SENTIMENT = { POSITIVE: 'positive', NEGATIVE: 'negative', NEUTRAL: 'neutral' } as const;

export const agorapulseSource: WebhookSourceAdapter<AgorapulseBody> = {
  source: 'agorapulse',
  schema: agorapulseBodySchema,

  verify(request: WebhookRequest, secret: string): Verification {
    const given = request.headers['x-hook-signature'];
    const valid =
      sameSignature(hmacSha256(secret, request.rawBody, 'hex'), given) ||
      sameSignature(hmacSha256(secret, request.rawBody, 'base64'), given);
    if (!valid) return { ok: false, reason: 'bad signature' };
    let id: string | undefined;
    try {
      id = (JSON.parse(request.rawBody) as { id?: unknown }).id?.toString();
    } catch {
      id = undefined;
    }
    return id ? { ok: true, deliveryId: id } : { ok: false, reason: 'no event id' };
  },

  normalize(body: AgorapulseBody): DomainEvent[] {
    if (body.type === 'PUBLISHING_POST') {
      const { post } = body.data;
      const status = PUBLISH_STATUS[post.status];
      if (!status) return [];
      return [
        domainEvent('publicationOutcomeReported', {
          tool: 'agorapulse',
          toolPostId: post.id,
          network: networkOf(post.network),
          status,
          externalId: post.externalId ?? undefined,
          permalink: post.url ?? undefined,
          reason: post.error ?? undefined,
          at: new Date(body.createdAt).toISOString(),
        }),
      ];
    }
    const { item } = body.data;
    const network = networkOf(item.network);
    if (!network) return [];
    return [
      domainEvent('mentionReceived', {
        id: `agorapulse:${item.id}`,
        at: new Date(item.createdAt).toISOString(),
        network,
        text: item.text,
        author: item.author ? { handle: item.author.name, followers: item.author.followers ?? 0 } : undefined,
        sentiment: item.sentiment ? SENTIMENT[item.sentiment] : undefined,
        url: item.url ?? undefined,
      }),
    ];
  },
};
