import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type DomainEvent, domainEvent } from '../../../events/catalog.ts';
import { hmacSha256, sameSignature } from '../signatures.ts';
import type { Verification, WebhookRequest, WebhookSourceAdapter } from '../webhook.ts';

/**
 * TikTok (Content Posting API) webhooks: `TikTok-Signature: t=<unix seconds>,s=<hex HMAC-SHA256 of
 * "<t>.<raw body>" with the client secret>`, refused beyond 5 minutes of clock difference. Publish
 * outcomes become `publication.outcome.reported` (tool "tiktok"); other events are acknowledged.
 */
const TOLERANCE_SECONDS = 300;

const tiktokBodySchema = z.object({
  client_key: z.string(),
  event: z.string(),
  create_time: z.number(),
  user_openid: z.string().optional(),
  /** A JSON string, per TikTok's format. */
  content: z.string(),
});
const contentSchema = z.object({
  publish_id: z.string(),
  post_id: z.string().optional(),
  reason: z.string().optional(),
});

type TikTokBody = z.infer<typeof tiktokBodySchema>;

export const tiktokSource: WebhookSourceAdapter<TikTokBody> = {
  source: 'tiktok',
  schema: tiktokBodySchema,

  verify(request: WebhookRequest, secret: string, now: Date): Verification {
    const header = request.headers['tiktok-signature'] ?? '';
    const parts = Object.fromEntries(
      header.split(',').map((part) => part.trim().split('=', 2) as [string, string]),
    );
    const timestamp = Number(parts.t);
    if (!parts.t || !parts.s || !Number.isFinite(timestamp))
      return { ok: false, reason: 'missing signature' };
    if (Math.abs(now.getTime() / 1000 - timestamp) > TOLERANCE_SECONDS)
      return { ok: false, reason: 'stale timestamp' };
    if (!sameSignature(hmacSha256(secret, `${parts.t}.${request.rawBody}`, 'hex'), parts.s))
      return { ok: false, reason: 'bad signature' };
    return { ok: true, deliveryId: createHash('sha256').update(request.rawBody).digest('hex') };
  },

  normalize(body: TikTokBody): DomainEvent[] {
    const status =
      body.event === 'post.publish.complete' || body.event === 'post.publish.publicly_available'
        ? 'published'
        : body.event === 'post.publish.failed'
          ? 'failed'
          : undefined;
    if (!status) return [];
    let content: z.infer<typeof contentSchema>;
    try {
      content = contentSchema.parse(JSON.parse(body.content));
    } catch {
      return [];
    }
    return [
      domainEvent('publicationOutcomeReported', {
        tool: 'tiktok',
        toolPostId: content.publish_id,
        network: 'tiktok',
        status,
        externalId: content.post_id,
        reason: content.reason,
        at: new Date(body.create_time * 1000).toISOString(),
      }),
    ];
  },
};
