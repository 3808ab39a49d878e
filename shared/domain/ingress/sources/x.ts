import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type DomainEvent, domainEvent } from '../../../events/catalog.ts';
import { hmacSha256, sameSignature } from '../signatures.ts';
import type { HttpResult, Verification, WebhookRequest, WebhookSourceAdapter } from '../webhook.ts';

/**
 * X Account Activity API webhooks.
 * - CRC: `GET ?crc_token=…` → `{"response_token": "sha256=<base64 HMAC-SHA256 of the token>"}` with
 *   the app's consumer secret (the secret of this source).
 * - POST with `x-twitter-webhooks-signature: sha256=<base64 HMAC-SHA256 of the raw body>`.
 * - `tweet_create_events` written by someone else than the subscribed account (`for_user_id`)
 *   become mentions; the account's own tweets, likes, follows and DMs are acknowledged and ignored.
 * X sends no delivery id: the body's SHA-256 is one; tweet ids (`x:<id>`) dedupe downstream.
 */
const tweetSchema = z.object({
  id_str: z.string(),
  created_at: z.string(),
  text: z.string().optional(),
  extended_tweet: z.object({ full_text: z.string() }).optional(),
  user: z.object({
    id_str: z.string(),
    screen_name: z.string(),
    followers_count: z.number().int().min(0).optional(),
  }),
});

const xBodySchema = z.object({
  for_user_id: z.string(),
  tweet_create_events: z.array(tweetSchema).optional(),
});

type XBody = z.infer<typeof xBodySchema>;

export const xSource: WebhookSourceAdapter<XBody> = {
  source: 'x',
  schema: xBodySchema,

  handshake(request: WebhookRequest, secret: string): HttpResult {
    const token = request.query.crc_token;
    if (!token) return { statusCode: 400, body: { error: 'crc_token is required' } };
    return { statusCode: 200, body: { response_token: `sha256=${hmacSha256(secret, token, 'base64')}` } };
  },

  verify(request: WebhookRequest, secret: string): Verification {
    const expected = `sha256=${hmacSha256(secret, request.rawBody, 'base64')}`;
    if (!sameSignature(expected, request.headers['x-twitter-webhooks-signature']))
      return { ok: false, reason: 'bad signature' };
    return { ok: true, deliveryId: createHash('sha256').update(request.rawBody).digest('hex') };
  },

  normalize(body: XBody): DomainEvent[] {
    return (body.tweet_create_events ?? [])
      .filter((tweet) => tweet.user.id_str !== body.for_user_id)
      .flatMap((tweet) => {
        const text = tweet.extended_tweet?.full_text ?? tweet.text;
        const at = new Date(tweet.created_at);
        if (!text || Number.isNaN(at.getTime())) return [];
        return [
          domainEvent('mentionReceived', {
            id: `x:${tweet.id_str}`,
            at: at.toISOString(),
            network: 'x',
            text,
            author: { handle: `@${tweet.user.screen_name}`, followers: tweet.user.followers_count ?? 0 },
            url: `https://x.com/${tweet.user.screen_name}/status/${tweet.id_str}`,
          }),
        ];
      });
  },
};
