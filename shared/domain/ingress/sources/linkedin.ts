import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type DomainEvent, domainEvent } from '../../../events/catalog.ts';
import { hmacSha256, sameSignature } from '../signatures.ts';
import type { HttpResult, Verification, WebhookRequest, WebhookSourceAdapter } from '../webhook.ts';

/**
 * LinkedIn webhooks (organization social action notifications).
 * - Validation: `GET ?challengeCode=…` → `{"challengeCode", "challengeResponse": hex HMAC-SHA256 of
 *   the code with the client secret}`.
 * - POST with `X-LI-Signature`: hex HMAC-SHA256 of the raw body; the `hmacsha256=` prefix is
 *   accepted with or without.
 * - Comments on the organization's posts (`action: COMMENT`) carrying their text become mentions;
 *   likes, shares and comments without text are acknowledged and ignored. The comment text is read
 *   from `decoratedGeneratedActivity.comment.text` (a choice: LinkedIn's payloads vary by version).
 */
const notificationSchema = z.object({
  notificationId: z.union([z.string(), z.number()]),
  action: z.string(),
  lastModifiedAt: z.number(),
  sourcePost: z.string().optional(),
  generatedActivity: z.string().optional(),
  actor: z.string().optional(),
  decoratedGeneratedActivity: z
    .object({ comment: z.object({ text: z.string().optional(), entity: z.string().optional() }).optional() })
    .optional(),
});

const linkedinBodySchema = z.object({ type: z.string(), notifications: z.array(notificationSchema).min(1) });
type LinkedInBody = z.infer<typeof linkedinBodySchema>;

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
    const given = request.headers['x-li-signature']?.replace(/^hmacsha256=/, '');
    if (!sameSignature(hmacSha256(secret, request.rawBody, 'hex'), given))
      return { ok: false, reason: 'bad signature' };
    const ids = (() => {
      try {
        return linkedinBodySchema
          .parse(JSON.parse(request.rawBody))
          .notifications.map((n) => String(n.notificationId));
      } catch {
        return [];
      }
    })();
    return {
      ok: true,
      deliveryId: ids.length
        ? ids.sort().join(',')
        : createHash('sha256').update(request.rawBody).digest('hex'),
    };
  },

  normalize(body: LinkedInBody): DomainEvent[] {
    return body.notifications.flatMap((notification) => {
      const text = notification.decoratedGeneratedActivity?.comment?.text;
      if (notification.action !== 'COMMENT' || !text) return [];
      return [
        domainEvent('mentionReceived', {
          id: `li:${notification.generatedActivity ?? notification.notificationId}`,
          at: new Date(notification.lastModifiedAt).toISOString(),
          network: 'linkedin',
          text,
          author: notification.actor ? { handle: notification.actor, followers: 0 } : undefined,
        }),
      ];
    });
  },
};
