import { z } from 'zod';
import { type DomainEvent, domainEvent } from '../../../events/catalog.ts';
import type { Verification, WebhookRequest, WebhookSourceAdapter } from '../webhook.ts';
import { networkOf } from './networks.ts';
import { verifyUrlToken } from './url-token.ts';

/**
 * Hootsuite message state webhooks: batched events with a `seq_no` each; signing is not documented,
 * so the URL carries a secret token. The batch's sequence numbers are its delivery id (a retry
 * resends the same ones). SENT → published, SEND_FAILED_PERMANENTLY → failed, PENDING_APPROVAL →
 * pending_approval, SCHEDULED → scheduled; other states are acknowledged and ignored.
 */
const eventSchema = z.object({
  seq_no: z.union([z.string(), z.number()]),
  type: z.string(),
  timestamp: z.iso.datetime({ offset: true }),
  data: z.object({
    state: z.string(),
    message: z.object({
      id: z.string(),
      socialProfile: z.object({ id: z.string(), type: z.string().optional() }).optional(),
      postUrl: z.url().nullish(),
      postId: z.string().nullish(),
    }),
  }),
});
const hootsuiteBodySchema = z.array(eventSchema).min(1);
type HootsuiteBody = z.infer<typeof hootsuiteBodySchema>;

const STATUS: Record<string, 'published' | 'failed' | 'scheduled' | 'pending_approval'> = {
  SENT: 'published',
  SEND_FAILED_PERMANENTLY: 'failed',
  PENDING_APPROVAL: 'pending_approval',
  SCHEDULED: 'scheduled',
};

function sequenceNumbers(rawBody: string): string | undefined {
  try {
    const parsed = hootsuiteBodySchema.safeParse(JSON.parse(rawBody));
    return parsed.success
      ? parsed.data
          .map((event) => String(event.seq_no))
          .sort()
          .join(',')
      : undefined;
  } catch {
    return undefined;
  }
}

export const hootsuiteSource: WebhookSourceAdapter<HootsuiteBody> = {
  source: 'hootsuite',
  schema: hootsuiteBodySchema,

  verify(request: WebhookRequest, secret: string): Verification {
    return verifyUrlToken(request, secret, sequenceNumbers(request.rawBody));
  },

  normalize(body: HootsuiteBody): DomainEvent[] {
    return body.flatMap((event) => {
      const status = STATUS[event.data.state];
      if (!status) return [];
      return [
        domainEvent('publicationOutcomeReported', {
          tool: 'hootsuite',
          toolPostId: event.data.message.id,
          network: networkOf(event.data.message.socialProfile?.type),
          status,
          externalId: event.data.message.postId ?? undefined,
          permalink: event.data.message.postUrl ?? undefined,
          at: new Date(event.timestamp).toISOString(),
        }),
      ];
    });
  },
};
