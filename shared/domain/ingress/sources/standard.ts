import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import * as z from 'zod/mini';
import {
  type DomainEvent,
  domainEvent,
  events,
  mentionSchema,
  metricsSnapshotSchema,
} from '../../../events/catalog.ts';
import type { Verification, WebhookRequest, WebhookSourceAdapter } from '../webhook.ts';

/**
 * Standard Webhooks (https://www.standardwebhooks.com): `webhook-id`, `webhook-timestamp`,
 * `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>` with a `whsec_` secret.
 * The route for calendars, Zapier / Make / n8n and listening tools that carry their own sentiment.
 */
const standardBodySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('mention'), timestamp: z.iso.datetime({ offset: true }), data: mentionSchema }),
  z.object({
    type: z.literal('metrics'),
    timestamp: z.iso.datetime({ offset: true }),
    data: metricsSnapshotSchema,
  }),
  z.object({
    type: z.literal('account'),
    timestamp: z.iso.datetime({ offset: true }),
    data: events.accountSnapshotReceived.schema,
  }),
  z.object({
    type: z.literal('publication.requested'),
    timestamp: z.iso.datetime({ offset: true }),
    data: events.publicationRequested.schema,
  }),
  z.object({
    type: z.literal('publication.updated'),
    timestamp: z.iso.datetime({ offset: true }),
    data: events.publicationUpdated.schema,
  }),
  z.object({
    type: z.literal('publication.cancelled'),
    timestamp: z.iso.datetime({ offset: true }),
    data: events.publicationCancelled.schema,
  }),
]);

type StandardBody = z.infer<typeof standardBodySchema>;

export const standardSource: WebhookSourceAdapter<StandardBody> = {
  source: 'standard',
  schema: standardBodySchema,

  verify(request: WebhookRequest, secret: string): Verification {
    const deliveryId = request.headers['webhook-id'];
    if (!deliveryId) return { ok: false, reason: 'missing webhook-id' };
    try {
      // The ingress parses the body itself, so that malformed JSON gets a 400, not a 401.
      new Webhook(secret).verify(
        request.rawBody,
        {
          'webhook-id': deliveryId,
          'webhook-timestamp': request.headers['webhook-timestamp'] ?? '',
          'webhook-signature': request.headers['webhook-signature'] ?? '',
        },
        { jsonParse: false },
      );
      return { ok: true, deliveryId };
    } catch (error) {
      if (error instanceof WebhookVerificationError) return { ok: false, reason: error.message };
      return { ok: false, reason: 'invalid signing secret or headers' };
    }
  },

  normalize(body: StandardBody): DomainEvent[] {
    switch (body.type) {
      case 'mention':
        return [domainEvent('mentionReceived', body.data)];
      case 'metrics':
        return [domainEvent('metricsSnapshotReceived', body.data)];
      case 'account':
        return [domainEvent('accountSnapshotReceived', body.data)];
      case 'publication.requested':
        return [domainEvent('publicationRequested', body.data)];
      case 'publication.updated':
        return [domainEvent('publicationUpdated', body.data)];
      case 'publication.cancelled':
        return [domainEvent('publicationCancelled', body.data)];
    }
  },
};
