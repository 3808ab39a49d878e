import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type DomainEvent, domainEvent } from '../../../events/catalog.ts';
import { hmacSha256, sameSignature } from '../signatures.ts';
import type { Verification, WebhookRequest, WebhookSourceAdapter } from '../webhook.ts';
import { networkOf } from './networks.ts';

/**
 * Mixpost webhooks: `X-Signature` = hex HMAC-SHA256 of the raw body with the webhook secret.
 * `post.published`, `post.publishing_failed` and `post.scheduled` become one
 * `publication.outcome.reported` per account of the post (tool "mixpost", the post's uuid as the
 * tool's id); other events are acknowledged. Account fields read: `provider`, `external_post_id`,
 * `errors` (a choice documented in docs/webhooks.md: Mixpost's payload is not formally specified).
 */
const accountSchema = z.object({
  provider: z.string(),
  external_post_id: z.string().nullish(),
  errors: z.array(z.string()).nullish(),
});
const mixpostBodySchema = z.object({
  event: z.string(),
  data: z.object({
    uuid: z.string(),
    accounts: z.array(accountSchema).default([]),
    updated_at: z.iso.datetime({ offset: true }),
  }),
});
type MixpostBody = z.infer<typeof mixpostBodySchema>;

const STATUS: Record<string, 'published' | 'failed' | 'scheduled'> = {
  'post.published': 'published',
  'post.publishing_failed': 'failed',
  'post.scheduled': 'scheduled',
};

export const mixpostSource: WebhookSourceAdapter<MixpostBody> = {
  source: 'mixpost',
  schema: mixpostBodySchema,

  verify(request: WebhookRequest, secret: string): Verification {
    if (!sameSignature(hmacSha256(secret, request.rawBody, 'hex'), request.headers['x-signature'])) {
      return { ok: false, reason: 'bad signature' };
    }
    return { ok: true, deliveryId: createHash('sha256').update(request.rawBody).digest('hex') };
  },

  normalize(body: MixpostBody): DomainEvent[] {
    const status = STATUS[body.event];
    if (!status) return [];
    const at = new Date(body.data.updated_at).toISOString();
    return body.data.accounts.flatMap((account) => {
      const network = networkOf(account.provider);
      if (!network) return [];
      return [
        domainEvent('publicationOutcomeReported', {
          tool: 'mixpost',
          toolPostId: body.data.uuid,
          network,
          status,
          externalId: account.external_post_id ?? undefined,
          reason: account.errors?.join('; ') || undefined,
          at,
        }),
      ];
    });
  },
};
