import * as z from 'zod/mini';
import { type DomainEvent, domainEvent } from '../../../events/catalog.ts';
import type { Verification, WebhookRequest, WebhookSourceAdapter } from '../webhook.ts';
import { networkOf } from './networks.ts';
import { httpUrl, idSchema, isoInstant, lookup } from './payload.ts';
import { verifyUrlToken } from './url-token.ts';

/**
 * Postiz webhooks (Settings → Webhooks): an unsigned JSON array of the posts published since the last
 * call, each `{id, content, publishDate, releaseURL, state, integration{id, name, providerIdentifier,
 * picture, type}}`. Postiz signs nothing, so the URL carries a secret token (`?token=…`,
 * constant-time comparison). PUBLISHED → published (permalink `releaseURL`), ERROR → failed (reason
 * `error` when a version sends one, else "publishing failed"), QUEUE → scheduled; drafts and unknown
 * providers (threads, bluesky…) are acknowledged and ignored. `at` is the post's `publishDate`.
 * No delivery id is sent: the body's SHA-256; a post reported again in a later call is deduped
 * downstream on the tool's id and status.
 */
const postSchema = z.object({
  id: idSchema,
  state: z.string(),
  publishDate: z.iso.datetime({ offset: true }),
  content: z.nullish(z.string()),
  releaseURL: z.nullish(z.string()),
  /** Not in every version's payload. */
  releaseId: z.nullish(idSchema),
  error: z.nullish(z.string()),
  integration: z.object({ providerIdentifier: z.string(), name: z.nullish(z.string()) }),
});
const postizBodySchema = z.array(postSchema).check(z.minLength(1));
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
      const status = lookup(STATUS, post.state);
      const network = networkOf(post.integration.providerIdentifier);
      const at = isoInstant(post.publishDate);
      if (!status || !network || !at) return [];
      return [
        domainEvent('publicationOutcomeReported', {
          tool: 'postiz',
          toolPostId: post.id,
          network,
          status,
          externalId: status === 'published' ? post.releaseId || undefined : undefined,
          permalink: status === 'published' ? httpUrl(post.releaseURL) : undefined,
          reason: status === 'failed' ? post.error || 'publishing failed' : undefined,
          at,
        }),
      ];
    });
  },
};
