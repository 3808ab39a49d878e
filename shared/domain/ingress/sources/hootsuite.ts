import * as z from 'zod/mini';
import { type DomainEvent, domainEvent } from '../../../events/catalog.ts';
import type { Verification, WebhookRequest, WebhookSourceAdapter } from '../webhook.ts';
import { networkOf } from './networks.ts';
import { httpUrl, idList, idSchema, isoInstant, lookup, parseJson } from './payload.ts';
import { verifyUrlToken } from './url-token.ts';

/**
 * Hootsuite webhooks (Organization App callback URL): a JSON array of events
 * `{seq_no, type, data}`, batched (at most every 5 s or 100 events). Hootsuite documents no signature
 * for these callbacks, so the URL carries a secret token (`?token=…`, constant-time comparison).
 * - `com.hootsuite.messages.event.v1`: `data: {state, organization{id}, message{id, …}, timestamp}`
 *   (ids only; `socialProfile`, `postId`, `postUrl` are read when present). SENT → published,
 *   SEND_FAILED_PERMANENTLY → failed, PENDING_APPROVAL → pending_approval, SCHEDULED → scheduled;
 *   other states (APPROVED, REJECTED, EXPIRED_APPROVAL…) are acknowledged and ignored.
 * - `com.hootsuite.ping.event.v1` (sent to test or re-enable the URL) and every other type are
 *   acknowledged and ignored: answering them 2xx keeps the callback URL enabled.
 * Delivery id: the batch's `seq_no`s (64-bit numbers as strings, unique per event), sorted numerically
 * and joined with commas, so a retry of the same batch is recognised.
 */
const MESSAGE_EVENT = 'com.hootsuite.messages.event.v1';

const messageDataSchema = z.object({
  state: z.string(),
  organization: z.optional(z.object({ id: idSchema })),
  message: z.object({
    id: idSchema,
    socialProfile: z.nullish(z.object({ id: idSchema, type: z.optional(z.string()) })),
    postId: z.nullish(z.string()),
    postUrl: z.nullish(z.string()),
  }),
  timestamp: z.optional(z.iso.datetime({ offset: true })),
});

const eventSchema = z
  .object({
    seq_no: idSchema,
    type: z.string(),
    /** Where some deliveries put it; the documented place is `data.timestamp`. */
    timestamp: z.optional(z.iso.datetime({ offset: true })),
    data: z.optional(z.unknown()),
  })
  .check(
    z.superRefine((event, ctx) => {
      if (event.type !== MESSAGE_EVENT) return;
      const data = messageDataSchema.safeParse(event.data);
      if (!data.success) {
        for (const issue of data.error.issues) {
          ctx.addIssue({ code: 'custom', path: ['data', ...issue.path], message: issue.message });
        }
      } else if (!data.data.timestamp && !event.timestamp) {
        ctx.addIssue({
          code: 'custom',
          path: ['data', 'timestamp'],
          message: 'a message event needs a timestamp',
        });
      }
    }),
  );

const hootsuiteBodySchema = z.array(eventSchema).check(z.minLength(1));
type HootsuiteBody = z.infer<typeof hootsuiteBodySchema>;

const STATUS: Record<string, 'published' | 'failed' | 'scheduled' | 'pending_approval'> = {
  SENT: 'published',
  SEND_FAILED_PERMANENTLY: 'failed',
  PENDING_APPROVAL: 'pending_approval',
  SCHEDULED: 'scheduled',
};

function sequenceNumbers(rawBody: string): string | undefined {
  const json = parseJson(rawBody);
  if (!Array.isArray(json) || json.length === 0) return undefined;
  const ids = json.map((event) => idSchema.safeParse((event as { seq_no?: unknown } | null)?.seq_no));
  return ids.every((id) => id.success) ? idList(ids.map((id) => id.data as string)) : undefined;
}

export const hootsuiteSource: WebhookSourceAdapter<HootsuiteBody> = {
  source: 'hootsuite',
  schema: hootsuiteBodySchema,

  verify(request: WebhookRequest, secret: string): Verification {
    return verifyUrlToken(request, secret, sequenceNumbers(request.rawBody));
  },

  normalize(body: HootsuiteBody): DomainEvent[] {
    return body.flatMap((event) => {
      if (event.type !== MESSAGE_EVENT) return [];
      const parsed = messageDataSchema.safeParse(event.data);
      if (!parsed.success) return [];
      const { state, message, timestamp } = parsed.data;
      const status = lookup(STATUS, state);
      const at = isoInstant(timestamp ?? event.timestamp ?? '');
      if (!status || !at) return [];
      return [
        domainEvent('publicationOutcomeReported', {
          tool: 'hootsuite',
          toolPostId: message.id,
          network: networkOf(message.socialProfile?.type),
          status,
          externalId: message.postId || undefined,
          permalink: httpUrl(message.postUrl),
          reason: status === 'failed' ? 'SEND_FAILED_PERMANENTLY' : undefined,
          at,
        }),
      ];
    });
  },
};
