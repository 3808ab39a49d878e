import { createHash } from 'node:crypto';
import { sameSignature } from '../signatures.ts';
import type { Verification, WebhookRequest } from '../webhook.ts';

/**
 * For senders that do not sign (Hootsuite, Postiz): the webhook URL carries a secret token
 * (`?token=…`), compared in constant time. The URL is the secret: configure it over HTTPS only.
 */
export function verifyUrlToken(request: WebhookRequest, secret: string, deliveryId?: string): Verification {
  if (!request.query.token) return { ok: false, reason: 'missing token' };
  if (!sameSignature(secret, request.query.token)) return { ok: false, reason: 'bad token' };
  return { ok: true, deliveryId: deliveryId ?? createHash('sha256').update(request.rawBody).digest('hex') };
}
