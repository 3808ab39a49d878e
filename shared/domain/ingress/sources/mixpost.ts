import * as z from 'zod/mini';
import { type DomainEvent, domainEvent } from '../../../events/catalog.ts';
import { hmacSha256, sameSignature } from '../signatures.ts';
import type { Verification, WebhookRequest, WebhookSourceAdapter } from '../webhook.ts';
import { networkOf } from './networks.ts';
import { bodyDigest, clip, httpUrl, idSchema, isoInstant, lookup } from './payload.ts';

/**
 * Mixpost (Pro / Enterprise) webhooks: `X-Signature` = hex HMAC-SHA256 of the raw body with the
 * webhook's secret (a webhook created without a secret sends no header: refused here, set one).
 * Body `{"event": "post.published" | "post.publishing_failed" | "post.scheduled" | …, "data": <post>}`
 * where the post is Mixpost's API resource: `uuid`, `status`, `accounts[]` (`provider`,
 * `external_url` of the published post, `errors`), `scheduled_at` / `published_at` / `created_at` as
 * "YYYY-MM-DD HH:MM:SS" (UTC, Mixpost's storage time zone). One `publication.outcome.reported` per
 * account of a known network (tool "mixpost", the post's uuid as the tool's id): an account with errors
 * is failed (the errors as reason) whatever the event; in a failed post, an account without errors
 * that has the published post's URL went out (published); else the event's status. `at` is the latest
 * instant the payload carries (published, else scheduled, else created). Other events (post.created,
 * account.*) are acknowledged and ignored. No delivery id is sent: the body's SHA-256.
 */
const dateTimeSchema = z.union([
  z.string().check(z.regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)),
  z.iso.datetime({ offset: true }),
]);

const accountSchema = z.object({
  provider: z.string(),
  name: z.nullish(z.string()),
  external_url: z.nullish(z.string()),
  /** Not in Mixpost's resource today; read if a version carries it. */
  external_post_id: z.nullish(idSchema),
  errors: z.optional(z.unknown()),
});

const mixpostBodySchema = z.object({
  event: z.string(),
  data: z.object({
    uuid: idSchema,
    status: z.optional(z.string()),
    accounts: z._default(z.array(accountSchema), []),
    scheduled_at: z.nullish(dateTimeSchema),
    published_at: z.nullish(dateTimeSchema),
    created_at: z.nullish(dateTimeSchema),
  }),
});
type MixpostBody = z.infer<typeof mixpostBodySchema>;

const STATUS: Record<string, 'published' | 'failed' | 'scheduled'> = {
  'post.published': 'published',
  'post.publishing_failed': 'failed',
  'post.scheduled': 'scheduled',
};

function instant(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  return isoInstant(value.includes('T') ? value : `${value.replace(' ', 'T')}Z`);
}

function errorText(errors: unknown): string | undefined {
  const list = Array.isArray(errors) ? errors : errors ? [errors] : [];
  const text = list
    .map((error) => (typeof error === 'string' ? error : JSON.stringify(error)))
    .filter(Boolean)
    .join('; ');
  return text ? clip(text, 1000) : undefined;
}

export const mixpostSource: WebhookSourceAdapter<MixpostBody> = {
  source: 'mixpost',
  schema: mixpostBodySchema,

  verify(request: WebhookRequest, secret: string): Verification {
    const given = request.headers['x-signature'];
    if (!given) return { ok: false, reason: 'missing signature' };
    if (!sameSignature(hmacSha256(secret, request.rawBody, 'hex'), given)) {
      return { ok: false, reason: 'bad signature' };
    }
    return { ok: true, deliveryId: bodyDigest(request.rawBody) };
  },

  normalize(body: MixpostBody): DomainEvent[] {
    const eventStatus = lookup(STATUS, body.event);
    const post = body.data;
    const at = instant(post.published_at) ?? instant(post.scheduled_at) ?? instant(post.created_at);
    if (!eventStatus || !at) return [];
    return post.accounts.flatMap((account) => {
      const network = networkOf(account.provider);
      if (!network) return [];
      const reason = errorText(account.errors);
      // A failed post may still have gone out on some accounts: those carry the published post's URL.
      const wentOut = eventStatus === 'failed' && httpUrl(account.external_url) !== undefined;
      const status = reason ? 'failed' : wentOut ? 'published' : eventStatus;
      return [
        domainEvent('publicationOutcomeReported', {
          tool: 'mixpost',
          toolPostId: post.uuid,
          network,
          status,
          externalId: account.external_post_id || undefined,
          permalink: status === 'published' ? httpUrl(account.external_url) : undefined,
          reason: status === 'failed' ? (reason ?? 'publishing failed') : undefined,
          at,
        }),
      ];
    });
  },
};
