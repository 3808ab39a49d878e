import * as z from 'zod/mini';
import { type DomainEvent, domainEvent } from '../../../events/catalog.ts';
import { hmacSha256, sameSignature } from '../signatures.ts';
import type { HttpResult, Verification, WebhookRequest, WebhookSourceAdapter } from '../webhook.ts';
import { bodyDigest, clip, idSchema, isoInstant, pathSegment } from './payload.ts';

/**
 * X Account Activity API webhooks.
 * - CRC: `GET ?crc_token=…` → `{"response_token": "sha256=<base64 HMAC-SHA256 of the token>"}` with
 *   the app's consumer secret (the secret of this source).
 * - POST with `x-twitter-webhooks-signature: sha256=<base64 HMAC-SHA256 of the raw body>`.
 * - `tweet_create_events` written by someone else than the subscribed account (`for_user_id`)
 *   become mentions (the full text of extended tweets, `lang` when fr/en); the account's own tweets,
 *   plain retweets (no text of their own), likes, follows and DMs are acknowledged and ignored.
 * X sends no delivery id: the body's SHA-256 is one; tweet ids (`x:<id>`) dedupe downstream.
 */
const tweetSchema = z.object({
  id_str: idSchema,
  /** "Wed Oct 10 20:19:24 +0000 2018". */
  created_at: z.string(),
  text: z.optional(z.string()),
  extended_tweet: z.optional(z.object({ full_text: z.string() })),
  lang: z.nullish(z.string()),
  retweeted_status: z.optional(z.unknown()),
  user: z.object({
    id_str: idSchema,
    screen_name: z.string().check(z.minLength(1), z.maxLength(100)),
    followers_count: z.optional(z.int().check(z.gte(0))),
  }),
});

const xBodySchema = z.object({
  for_user_id: idSchema,
  tweet_create_events: z.optional(z.array(tweetSchema)),
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
    const given = request.headers['x-twitter-webhooks-signature'];
    if (!given) return { ok: false, reason: 'missing signature' };
    const expected = `sha256=${hmacSha256(secret, request.rawBody, 'base64')}`;
    if (!sameSignature(expected, given)) return { ok: false, reason: 'bad signature' };
    return { ok: true, deliveryId: bodyDigest(request.rawBody) };
  },

  normalize(body: XBody): DomainEvent[] {
    return (body.tweet_create_events ?? []).flatMap((tweet) => {
      if (tweet.user.id_str === body.for_user_id || tweet.retweeted_status !== undefined) return [];
      const text = tweet.extended_tweet?.full_text ?? tweet.text;
      const at = isoInstant(tweet.created_at);
      if (!text || !at) return [];
      const lang = tweet.lang === 'fr' || tweet.lang === 'en' ? tweet.lang : undefined;
      const handle = tweet.user.screen_name;
      return [
        domainEvent('mentionReceived', {
          id: `x:${tweet.id_str}`,
          at,
          network: 'x',
          text: clip(text),
          lang,
          author: { handle: `@${handle}`, followers: tweet.user.followers_count ?? 0 },
          url: `https://x.com/${pathSegment(handle)}/status/${pathSegment(tweet.id_str)}`,
        }),
      ];
    });
  },
};
