import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type DomainEvent, domainEvent } from '../../../events/catalog.ts';
import { hmacSha256, sameSignature } from '../signatures.ts';
import type { HttpResult, Verification, WebhookRequest, WebhookSourceAdapter } from '../webhook.ts';

/**
 * Meta (Facebook Page feed, Instagram comments) webhooks.
 * - GET `hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`: the challenge back, as plain text.
 * - POST with `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>`.
 * - Batched: `entry[].changes[]`. New comments become mentions; edits, removals, likes and other
 *   fields are acknowledged and ignored. Instagram `mentions` notifications carry no text (only ids
 *   to fetch through the Graph API): they are ignored until a puller exists.
 * The secret is a JSON object: `{"appSecret": "…", "verifyToken": "…"}`. Meta sends no delivery
 * id: the body's SHA-256 is one (a retry is byte-identical).
 */
const secretSchema = z.object({ appSecret: z.string().min(1), verifyToken: z.string().min(1) });

function parseSecret(secret: string): z.infer<typeof secretSchema> | undefined {
  try {
    return secretSchema.parse(JSON.parse(secret));
  } catch {
    return undefined;
  }
}

const pageComment = z.object({
  item: z.literal('comment'),
  verb: z.string(),
  comment_id: z.string(),
  post_id: z.string().optional(),
  message: z.string().optional(),
  from: z.object({ id: z.string(), name: z.string().optional() }).optional(),
  created_time: z.number(),
});

const instagramComment = z.object({
  id: z.string(),
  text: z.string(),
  from: z.object({ id: z.string(), username: z.string().optional() }).optional(),
  media: z.object({ id: z.string() }).optional(),
});

const metaBodySchema = z.object({
  object: z.enum(['page', 'instagram']),
  entry: z
    .array(
      z.object({
        id: z.string(),
        time: z.number(),
        changes: z
          .array(z.object({ field: z.string(), value: z.record(z.string(), z.unknown()) }))
          .default([]),
      }),
    )
    .min(1),
});

type MetaBody = z.infer<typeof metaBodySchema>;

export const metaSource: WebhookSourceAdapter<MetaBody> = {
  source: 'meta',
  schema: metaBodySchema,

  handshake(request: WebhookRequest, secret: string): HttpResult {
    const parsed = parseSecret(secret);
    const { 'hub.mode': mode, 'hub.verify_token': token, 'hub.challenge': challenge } = request.query;
    if (!parsed || mode !== 'subscribe' || !challenge || !sameSignature(parsed.verifyToken, token)) {
      return { statusCode: 403, body: { error: 'forbidden' } };
    }
    return { statusCode: 200, body: challenge };
  },

  verify(request: WebhookRequest, secret: string): Verification {
    const parsed = parseSecret(secret);
    if (!parsed) return { ok: false, reason: 'secret is not {"appSecret","verifyToken"}' };
    const expected = `sha256=${hmacSha256(parsed.appSecret, request.rawBody, 'hex')}`;
    if (!sameSignature(expected, request.headers['x-hub-signature-256']))
      return { ok: false, reason: 'bad signature' };
    return { ok: true, deliveryId: createHash('sha256').update(request.rawBody).digest('hex') };
  },

  normalize(body: MetaBody): DomainEvent[] {
    const events: DomainEvent[] = [];
    for (const entry of body.entry) {
      for (const change of entry.changes) {
        if (body.object === 'page' && change.field === 'feed') {
          const comment = pageComment.safeParse(change.value);
          if (!comment.success || comment.data.verb !== 'add' || !comment.data.message) continue;
          events.push(
            domainEvent('mentionReceived', {
              id: `fb:${comment.data.comment_id}`,
              at: new Date(comment.data.created_time * 1000).toISOString(),
              network: 'facebook',
              text: comment.data.message,
              author: comment.data.from
                ? { handle: comment.data.from.name ?? comment.data.from.id, followers: 0 }
                : undefined,
              url: `https://www.facebook.com/${comment.data.comment_id}`,
            }),
          );
        } else if (body.object === 'instagram' && change.field === 'comments') {
          const comment = instagramComment.safeParse(change.value);
          if (!comment.success) continue;
          events.push(
            domainEvent('mentionReceived', {
              id: `ig:${comment.data.id}`,
              at: new Date(entry.time * 1000).toISOString(),
              network: 'instagram',
              text: comment.data.text,
              author: comment.data.from
                ? { handle: `@${comment.data.from.username ?? comment.data.from.id}`, followers: 0 }
                : undefined,
            }),
          );
        }
      }
    }
    return events;
  },
};
