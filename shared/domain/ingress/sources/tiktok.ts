import * as z from 'zod/mini';
import { type DomainEvent, domainEvent } from '../../../events/catalog.ts';
import { hmacSha256, sameSignature } from '../signatures.ts';
import type { Verification, WebhookRequest, WebhookSourceAdapter } from '../webhook.ts';
import { bodyDigest, epochSecondsSchema, idSchema, isoInstant, lookup, parseJson } from './payload.ts';

/**
 * TikTok (Content Posting API) webhooks: `TikTok-Signature: t=<unix seconds>,s=<hex HMAC-SHA256 of
 * "<t>.<raw body>" with the client secret>`, refused beyond 5 minutes of clock difference (either way).
 * Body `{client_key, event, create_time, user_openid, content}` where `content` is a JSON *string*.
 * Publish outcomes become `publication.outcome.reported` (tool "tiktok", the `publish_id` as the
 * tool's id): `post.publish.complete` and `post.publish.publicly_available` (which carries `post_id`)
 * → published, `post.publish.failed` → failed with TikTok's `reason`, `post.publish.inbox_delivered`
 * (the draft waits in the creator's TikTok inbox) → pending_approval. Other events are acknowledged.
 * TikTok sends no delivery id: the body's SHA-256 (a retry resends the same body); outcomes dedupe
 * downstream on the publish id and status.
 */
const TOLERANCE_SECONDS = 300;

const tiktokBodySchema = z.object({
  client_key: z.string(),
  event: z.string(),
  create_time: epochSecondsSchema,
  user_openid: z.optional(z.string()),
  /** A serialized JSON object, per TikTok's format. */
  content: z.string(),
});
const contentSchema = z.object({
  publish_id: idSchema,
  post_id: z.optional(idSchema),
  reason: z.optional(z.string()),
  publish_type: z.optional(z.string()),
});

type TikTokBody = z.infer<typeof tiktokBodySchema>;

const STATUS: Record<string, 'published' | 'failed' | 'pending_approval'> = {
  'post.publish.complete': 'published',
  'post.publish.publicly_available': 'published',
  'post.publish.failed': 'failed',
  'post.publish.inbox_delivered': 'pending_approval',
};

function signatureParts(header: string): { t?: string; s?: string } {
  const parts: { t?: string; s?: string } = {};
  for (const element of header.split(',')) {
    const separator = element.indexOf('=');
    if (separator < 0) continue;
    const key = element.slice(0, separator).trim();
    const value = element.slice(separator + 1).trim();
    if (key === 't' || key === 's') parts[key] = value;
  }
  return parts;
}

export const tiktokSource: WebhookSourceAdapter<TikTokBody> = {
  source: 'tiktok',
  schema: tiktokBodySchema,

  verify(request: WebhookRequest, secret: string, now: Date): Verification {
    const { t, s } = signatureParts(request.headers['tiktok-signature'] ?? '');
    if (!t || !s) return { ok: false, reason: 'missing signature' };
    if (!/^\d{1,12}$/.test(t)) return { ok: false, reason: 'bad timestamp' };
    // Written so that an unreadable clock (NaN) counts as stale too.
    if (!(Math.abs(now.getTime() / 1000 - Number(t)) <= TOLERANCE_SECONDS)) {
      return { ok: false, reason: 'stale timestamp' };
    }
    if (!sameSignature(hmacSha256(secret, `${t}.${request.rawBody}`, 'hex'), s)) {
      return { ok: false, reason: 'bad signature' };
    }
    return { ok: true, deliveryId: bodyDigest(request.rawBody) };
  },

  normalize(body: TikTokBody): DomainEvent[] {
    const status = lookup(STATUS, body.event);
    const at = isoInstant(body.create_time * 1000);
    const content = contentSchema.safeParse(parseJson(body.content));
    if (!status || !at || !content.success) return [];
    return [
      domainEvent('publicationOutcomeReported', {
        tool: 'tiktok',
        toolPostId: content.data.publish_id,
        network: 'tiktok',
        status,
        externalId: content.data.post_id,
        reason: status === 'failed' ? content.data.reason || 'unknown' : undefined,
        at,
      }),
    ];
  },
};
