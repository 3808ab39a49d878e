import * as z from 'zod/mini';
import { type DomainEvent, domainEvent } from '../../../events/catalog.ts';
import { hmacSha256, sameSignature } from '../signatures.ts';
import type { HttpResult, Verification, WebhookRequest, WebhookSourceAdapter } from '../webhook.ts';
import { bodyDigest, clip, epochMillisSchema, idList, idSchema, isoInstant, parseJson } from './payload.ts';

/**
 * LinkedIn webhooks (organization social action notifications).
 * - Validation: `GET ?challengeCode=…` → `{"challengeCode", "challengeResponse": hex HMAC-SHA256 of
 *   the code with the client secret}` (JSON, 200).
 * - POST with `X-LI-Signature`. LinkedIn's page says the value is "the HMACSHA256 hash of the
 *   JSON-encoded string representation of the POST body prefixed by `hmacsha256=`", computed with the
 *   client secret, in hex. Readings of that sentence differ, so all of them are accepted (each needs the
 *   secret): the HMAC of `"hmacsha256=" + body` or of the body alone, the header with or without a
 *   `hmacsha256=` prefix.
 * - Body: `{"type": "ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS", "notifications": [...]}`; a single
 *   bare notification object is accepted too (as wrapped in a list of one).
 * - `action: COMMENT` notifications with their text (`decoratedGeneratedActivity.comment.text`, or
 *   `.message.text`) become mentions; `ADMIN_COMMENT` (the organization's own), edits, deletions,
 *   likes and shares are acknowledged and ignored.
 * - Delivery id: the notification ids (LinkedIn's documented dedupe key), else the body's SHA-256.
 */
const commentSchema = z.object({
  owner: z.optional(z.string()),
  text: z.optional(z.string()),
  message: z.optional(z.object({ text: z.optional(z.string()) })),
  entity: z.optional(z.string()),
  object: z.optional(z.string()),
});

const notificationSchema = z.object({
  notificationId: idSchema,
  action: z.string(),
  lastModifiedAt: epochMillisSchema,
  organizationalEntity: z.optional(z.string()),
  sourcePost: z.optional(z.string()),
  generatedActivity: z.optional(z.string()),
  actor: z.optional(z.string()),
  decoratedGeneratedActivity: z.optional(z.object({ comment: z.optional(commentSchema) })),
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// A preprocess step (what classic zod's `z.preprocess` is: a transform piped into the schema).
const linkedinBodySchema = z.pipe(
  z.transform((value: unknown): unknown =>
    isObject(value) && !('notifications' in value) && 'notificationId' in value
      ? { notifications: [value] }
      : value,
  ),
  z.object({
    type: z.optional(z.string()),
    notifications: z.array(notificationSchema).check(z.minLength(1)),
  }),
);
type LinkedInBody = z.infer<typeof linkedinBodySchema>;

const PREFIX = 'hmacsha256=';

export const linkedinSource: WebhookSourceAdapter<LinkedInBody> = {
  source: 'linkedin',
  schema: linkedinBodySchema,

  handshake(request: WebhookRequest, secret: string): HttpResult {
    const code = request.query.challengeCode;
    if (!code) return { statusCode: 400, body: { error: 'challengeCode is required' } };
    return {
      statusCode: 200,
      body: { challengeCode: code, challengeResponse: hmacSha256(secret, code, 'hex') },
    };
  },

  verify(request: WebhookRequest, secret: string): Verification {
    const header = request.headers['x-li-signature'];
    if (!header) return { ok: false, reason: 'missing signature' };
    const given = header.startsWith(PREFIX) ? header.slice(PREFIX.length) : header;
    const prefixed = hmacSha256(secret, `${PREFIX}${request.rawBody}`, 'hex');
    const plain = hmacSha256(secret, request.rawBody, 'hex');
    // Both compared, always: no early exit that would tell which reading failed.
    const matches = [sameSignature(prefixed, given), sameSignature(plain, given)];
    if (!matches.includes(true)) return { ok: false, reason: 'bad signature' };
    const parsed = linkedinBodySchema.safeParse(parseJson(request.rawBody));
    return {
      ok: true,
      deliveryId: parsed.success
        ? idList(parsed.data.notifications.map((notification) => notification.notificationId))
        : bodyDigest(request.rawBody),
    };
  },

  normalize(body: LinkedInBody): DomainEvent[] {
    return body.notifications.flatMap((notification) => {
      const comment = notification.decoratedGeneratedActivity?.comment;
      const text = comment?.text ?? comment?.message?.text;
      const at = isoInstant(notification.lastModifiedAt);
      if (notification.action !== 'COMMENT' || !text || !at) return [];
      const author = comment?.owner || notification.actor;
      const post = notification.sourcePost;
      return [
        domainEvent('mentionReceived', {
          id: clip(
            `li:${comment?.entity || notification.generatedActivity || notification.notificationId}`,
            256,
          ),
          at,
          network: 'linkedin',
          text: clip(text),
          author: author ? { handle: clip(author, 256), followers: 0 } : undefined,
          url:
            post && /^urn:li:(activity|share|ugcPost):\d+$/.test(post)
              ? `https://www.linkedin.com/feed/update/${post}/`
              : undefined,
        }),
      ];
    });
  },
};
