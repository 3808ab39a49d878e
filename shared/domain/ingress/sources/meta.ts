import * as z from 'zod/mini';
import { type DomainEvent, domainEvent } from '../../../events/catalog.ts';
import { hmacSha256, sameSignature } from '../signatures.ts';
import type { HttpResult, Verification, WebhookRequest, WebhookSourceAdapter } from '../webhook.ts';
import { bodyDigest, clip, epochSecondsSchema, idSchema, isoInstant, pathSegment } from './payload.ts';

/**
 * Meta (Facebook Page feed, Instagram comments) webhooks.
 * - GET `hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`: the challenge back as plain text when
 *   the verify token matches (compared in constant time), 403 otherwise.
 * - POST with `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>`.
 * - Batched: `entry[].changes[]`. New comments (Page `feed` with `item: comment, verb: add`, Instagram
 *   `comments`) become mentions; edits, removals, reactions, other fields and the brand's own comments
 *   (author = the Page / Instagram account of the entry) are acknowledged and ignored. Instagram
 *   `mentions` notifications carry only ids (no text, to be fetched through the Graph API): ignored.
 * The secret is a JSON object: `{"appSecret": "…", "verifyToken": "…"}`. Meta sends no delivery id:
 * the body's SHA-256 is one (a retry is byte-identical); mention ids (`fb:`/`ig:` + comment id) dedupe
 * downstream whatever the batch.
 */
const secretSchema = z.object({
  appSecret: z.string().check(z.minLength(1)),
  verifyToken: z.string().check(z.minLength(1)),
});

function parseSecret(secret: string): z.infer<typeof secretSchema> | undefined {
  try {
    const parsed = secretSchema.safeParse(JSON.parse(secret));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const pageComment = z.object({
  item: z.literal('comment'),
  verb: z.string(),
  comment_id: idSchema,
  post_id: z.optional(z.string()),
  message: z.optional(z.string()),
  from: z.optional(z.object({ id: idSchema, name: z.optional(z.string()) })),
  created_time: epochSecondsSchema,
});

const instagramComment = z.object({
  id: idSchema,
  text: z.string(),
  from: z.optional(z.object({ id: idSchema, username: z.optional(z.string()) })),
  media: z.optional(z.object({ id: z.string() })),
});

const metaBodySchema = z.object({
  object: z.enum(['page', 'instagram']),
  entry: z
    .array(
      z.object({
        id: idSchema,
        time: epochSecondsSchema,
        changes: z._default(
          z.array(z.object({ field: z.string(), value: z.record(z.string(), z.unknown()) })),
          [],
        ),
      }),
    )
    .check(z.minLength(1)),
});

type MetaBody = z.infer<typeof metaBodySchema>;
type Entry = MetaBody['entry'][number];

function pageMention(entry: Entry, value: unknown): DomainEvent[] {
  const parsed = pageComment.safeParse(value);
  if (!parsed.success) return [];
  const comment = parsed.data;
  const at = isoInstant(comment.created_time * 1000);
  if (comment.verb !== 'add' || !comment.message || !at || comment.from?.id === entry.id) return [];
  return [
    domainEvent('mentionReceived', {
      id: `fb:${comment.comment_id}`,
      at,
      network: 'facebook',
      text: clip(comment.message),
      author: comment.from
        ? { handle: clip(comment.from.name || comment.from.id, 256), followers: 0 }
        : undefined,
      url: `https://www.facebook.com/${pathSegment(comment.comment_id)}`,
    }),
  ];
}

function instagramMention(entry: Entry, value: unknown): DomainEvent[] {
  const parsed = instagramComment.safeParse(value);
  if (!parsed.success) return [];
  const comment = parsed.data;
  const at = isoInstant(entry.time * 1000);
  if (!comment.text || !at || comment.from?.id === entry.id) return [];
  return [
    domainEvent('mentionReceived', {
      id: `ig:${comment.id}`,
      at,
      network: 'instagram',
      text: clip(comment.text),
      author: comment.from
        ? { handle: clip(`@${comment.from.username || comment.from.id}`, 256), followers: 0 }
        : undefined,
    }),
  ];
}

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
    if (!parsed) return { ok: false, reason: 'misconfigured secret' };
    const given = request.headers['x-hub-signature-256'];
    if (!given) return { ok: false, reason: 'missing signature' };
    const expected = `sha256=${hmacSha256(parsed.appSecret, request.rawBody, 'hex')}`;
    if (!sameSignature(expected, given)) return { ok: false, reason: 'bad signature' };
    return { ok: true, deliveryId: bodyDigest(request.rawBody) };
  },

  normalize(body: MetaBody): DomainEvent[] {
    return body.entry.flatMap((entry) =>
      entry.changes.flatMap((change) => {
        if (body.object === 'page' && change.field === 'feed') return pageMention(entry, change.value);
        if (body.object === 'instagram' && change.field === 'comments') {
          return instagramMention(entry, change.value);
        }
        return [];
      }),
    );
  },
};
