import * as z from 'zod/mini';
import { type DomainEvent, domainEvent } from '../../../events/catalog.ts';
import { hmacSha256, sameSignature } from '../signatures.ts';
import type { Verification, WebhookRequest, WebhookSourceAdapter } from '../webhook.ts';
import { networkOf } from './networks.ts';
import { bodyDigest, clip, httpUrl, idSchema, isoInstant, lookup, parseJson } from './payload.ts';

/**
 * Agorapulse webhooks. Agorapulse publishes no public reference for its payloads or signature, so
 * this adapter states its contract (docs/webhooks.md) and is strict about it:
 * - `X-Hook-Signature` = HMAC-SHA256 of the raw body with the webhook secret, hex (lower case) or
 *   base64: both are accepted since the encoding is not documented (each needs the secret).
 * - Body: one event `{id, type, createdAt, data}`; the event `id` is the delivery id.
 * - `PUBLISHING_POST` (`data.post{id, status, network, url?, externalId?, error?}`) →
 *   `publication.outcome.reported` (PUBLISHED, FAILED, SCHEDULED; other statuses ignored).
 * - `INBOX_ITEM` (`data.item{id, network, text, createdAt, url?, sentiment?, author?}`, a comment on the
 *   brand's content) → `mention.received`, with Agorapulse's sentiment (POSITIVE / NEGATIVE / NEUTRAL,
 *   any case) as the upstream label. Items of networks Vigie does not know are skipped.
 */
const publishingSchema = z.object({
  id: idSchema,
  type: z.literal('PUBLISHING_POST'),
  createdAt: z.iso.datetime({ offset: true }),
  data: z.object({
    post: z.object({
      id: idSchema,
      status: z.string(),
      network: z.string(),
      url: z.nullish(z.string()),
      externalId: z.nullish(idSchema),
      error: z.nullish(z.string()),
    }),
  }),
});
const inboxSchema = z.object({
  id: idSchema,
  type: z.literal('INBOX_ITEM'),
  createdAt: z.iso.datetime({ offset: true }),
  data: z.object({
    item: z.object({
      id: idSchema,
      network: z.string(),
      text: z.string(),
      createdAt: z.iso.datetime({ offset: true }),
      url: z.nullish(z.string()),
      sentiment: z.nullish(z.string()),
      author: z.nullish(z.object({ name: z.string(), followers: z.nullish(z.int().check(z.gte(0))) })),
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
const SENTIMENT: Record<string, 'positive' | 'negative' | 'neutral'> = {
  POSITIVE: 'positive',
  NEGATIVE: 'negative',
  NEUTRAL: 'neutral',
};

function eventId(rawBody: string): string {
  const id = idSchema.safeParse((parseJson(rawBody) as { id?: unknown } | null)?.id);
  // Without an id the schema refuses the body anyway (400); the digest only names the delivery.
  return id.success ? id.data : bodyDigest(rawBody);
}

export const agorapulseSource: WebhookSourceAdapter<AgorapulseBody> = {
  source: 'agorapulse',
  schema: agorapulseBodySchema,

  verify(request: WebhookRequest, secret: string): Verification {
    const given = request.headers['x-hook-signature'];
    if (!given) return { ok: false, reason: 'missing signature' };
    // Both encodings compared, always: no early exit that would tell which one failed.
    const matches = [
      sameSignature(hmacSha256(secret, request.rawBody, 'hex'), given),
      sameSignature(hmacSha256(secret, request.rawBody, 'base64'), given),
    ];
    if (!matches.includes(true)) return { ok: false, reason: 'bad signature' };
    return { ok: true, deliveryId: eventId(request.rawBody) };
  },

  normalize(body: AgorapulseBody): DomainEvent[] {
    if (body.type === 'PUBLISHING_POST') {
      const { post } = body.data;
      const status = lookup(PUBLISH_STATUS, post.status.toUpperCase());
      const at = isoInstant(body.createdAt);
      if (!status || !at) return [];
      return [
        domainEvent('publicationOutcomeReported', {
          tool: 'agorapulse',
          toolPostId: post.id,
          network: networkOf(post.network),
          status,
          externalId: post.externalId || undefined,
          permalink: status === 'published' ? httpUrl(post.url) : undefined,
          reason: status === 'failed' ? post.error || 'publishing failed' : undefined,
          at,
        }),
      ];
    }
    const { item } = body.data;
    const network = networkOf(item.network);
    const at = isoInstant(item.createdAt);
    if (!network || !at) return [];
    return [
      domainEvent('mentionReceived', {
        id: clip(`agorapulse:${item.id}`, 256),
        at,
        network,
        text: clip(item.text),
        author: item.author?.name
          ? { handle: clip(item.author.name, 256), followers: item.author.followers ?? 0 }
          : undefined,
        sentiment: item.sentiment ? lookup(SENTIMENT, item.sentiment.toUpperCase()) : undefined,
        url: httpUrl(item.url),
      }),
    ];
  },
};
