import { z } from 'zod';
import { type DomainEvent, domainEvent } from '../../../events/catalog.ts';
import type { Verification, WebhookRequest, WebhookSourceAdapter } from '../webhook.ts';
import { networkOf } from './networks.ts';
import { verifyUrlToken } from './url-token.ts';

/**
 * Postiz webhooks: an unsigned JSON array of posts with their `state`; authenticated by the URL
 * token. PUBLISHED → published (permalink `releaseURL`), ERROR → failed, QUEUE → scheduled; drafts
 * and unknown providers are acknowledged and ignored.
 */
const postSchema = z.object({
  id: z.string(),
  state: z.string(),
  publishDate: z.iso.datetime({ offset: true }),
  releaseURL: z.url().nullish(),
  releaseId: z.string().nullish(),
  error: z.string().nullish(),
  integration: z.object({ providerIdentifier: z.string() }),
});
const postizBodySchema = z.array(postSchema).min(1);
type PostizBody = z.infer<typeof postizBodySchema>;

const STATUS: Record<string, 'published' | 'failed' | 'scheduled'> = {
  PUBLISHED: 'published',
  ERROR: 'failed',
  QUEUE: 'scheduled',
};

export const postizSource: WebhookSourceAdapter<PostizBody> = {
  source: 'postiz',
  schema: postizBodySchema,

  verify(request: WebhookRequest, secret: string): Verification {
    return verifyUrlToken(request, secret);
  },

  normalize(body: PostizBody): DomainEvent[] {
    return body.flatMap((post) => {
      const status = STATUS[post.state];
      const network = networkOf(post.integration.providerIdentifier);
      if (!status || !network) return [];
      return [
        domainEvent('publicationOutcomeReported', {
          tool: 'postiz',
          toolPostId: post.id,
          network,
          status,
          externalId: post.releaseId ?? undefined,
          permalink: post.releaseURL ?? undefined,
          reason: post.error ?? undefined,
          at: new Date(post.publishDate).toISOString(),
        }),
      ];
    });
  },
};
