import { sameSignature } from '../signatures.ts';
import type { Verification, WebhookRequest } from '../webhook.ts';
import { bodyDigest } from './payload.ts';

/**
 * For senders that do not sign (Hootsuite, Postiz): the webhook URL carries a secret token
 * (`?token=…`), compared in constant time. The URL is the secret: configure it over HTTPS only. The
 * ingress never archives the `token` query parameter. Without a delivery id of the sender's, the
 * body's SHA-256 is one.
 */
export function verifyUrlToken(request: WebhookRequest, secret: string, deliveryId?: string): Verification {
  const token = request.query.token;
  if (!token) return { ok: false, reason: 'missing token' };
  if (!secret || !sameSignature(secret, token)) return { ok: false, reason: 'bad token' };
  return { ok: true, deliveryId: deliveryId ?? bodyDigest(request.rawBody) };
}
