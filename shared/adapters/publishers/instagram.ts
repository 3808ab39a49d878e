import type {
  MediaRef,
  PublishAttemptRecord,
  Publisher,
  PublishOutcome,
  PublishRequest,
} from '../../domain/publishing/publisher.ts';
import type { PublishingQuota, QuotaCheck } from '../../domain/publishing/send.ts';
import {
  accountLabel,
  type GraphClient,
  graphFailure,
  isSuccess,
  missingToken,
  type NativePublisherOptions,
  verifyAmongRecentGraphPosts,
  withGraph,
} from './graph.ts';
import {
  attemptRecord,
  type Exchange,
  parseJson,
  rateLimitHeaders,
  sleep,
  unansweredOutcome,
} from './http.ts';

/**
 * Instagram (professional account) through the Graph API, in its three documented steps: create a
 * media container (`POST /{ig-user-id}/media`: image_url, or media_type REELS + video_url, or a
 * CAROUSEL of child containers), poll `GET /{container-id}?fields=status_code` until FINISHED, then
 * `POST /{ig-user-id}/media_publish` with `creation_id`. Containers are not posts: only the
 * publish step can post, so only its lost answer is `unknown`.
 */
export interface InstagramPublisherOptions extends NativePublisherOptions {
  /** Between two status polls. */
  pollIntervalMs?: number;
  /** Polling budget per send; a container still processing after it is retried later. */
  maxPollMs?: number;
}

type Step<T> = { ok: true; value: T } | { ok: false; outcome: PublishOutcome };

export function instagramPublisher(options: InstagramPublisherOptions): Publisher {
  const account = accountLabel('instagram', options.account);
  const user = `/${options.account.accountId}`;
  const now = () => options.now?.() ?? new Date();
  const wait = options.sleep ?? sleep;
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const maxPollMs = options.maxPollMs ?? 20_000;

  /** A failure before media_publish: nothing can have been posted, so a lost answer is retryable. */
  function beforePublish(result: Exchange, sent: PublishAttemptRecord, step: string): PublishOutcome {
    if (result.kind !== 'answered')
      return { kind: 'retryable', reason: `${step}: ${result.reason}`, attempt: sent };
    const attempt = { ...sent, status: result.status, rateLimit: rateLimitHeaders(result.headers) };
    const outcome = graphFailure(result, attempt, account, now());
    if (outcome.kind === 'unknown')
      return { kind: 'retryable', reason: `${step}: ${outcome.reason}`, attempt };
    return outcome.kind === 'published' ? outcome : { ...outcome, reason: `${step}: ${outcome.reason}` };
  }

  async function createContainer(
    graph: GraphClient,
    body: Record<string, unknown>,
    attempt: PublishAttemptRecord,
  ): Promise<Step<string>> {
    const result = await graph.post(`${user}/media`, body);
    const id = isSuccess(result) ? (parseJson(result.body) as { id?: string } | undefined)?.id : undefined;
    return id ? { ok: true, value: id } : { ok: false, outcome: beforePublish(result, attempt, 'container') };
  }

  async function waitUntilFinished(
    graph: GraphClient,
    container: string,
    attempt: PublishAttemptRecord,
  ): Promise<Step<void>> {
    for (let waited = 0; ; waited += pollIntervalMs) {
      const result = await graph.get(`/${container}`, { fields: 'status_code,status' });
      if (!isSuccess(result))
        return { ok: false, outcome: beforePublish(result, attempt, 'container status') };
      const { status_code: code, status } =
        (parseJson(result.body) as { status_code?: string; status?: string } | undefined) ?? {};
      if (code === 'FINISHED') return { ok: true, value: undefined };
      if (code === 'ERROR' || code === 'EXPIRED') {
        return {
          ok: false,
          outcome: {
            kind: 'rejected',
            reason: `container ${container} ${code}: ${status ?? 'no detail'}`,
            attempt,
          },
        };
      }
      if (waited + pollIntervalMs > maxPollMs) {
        return {
          ok: false,
          outcome: {
            kind: 'retryable',
            reason: `container ${container} still ${code ?? 'processing'} after ${maxPollMs} ms`,
            retryAfterMs: 60_000,
            attempt,
          },
        };
      }
      await wait(pollIntervalMs);
    }
  }

  function itemBody(item: MediaRef, carouselItem: boolean): Record<string, unknown> {
    const media =
      item.kind === 'video'
        ? { media_type: carouselItem ? 'VIDEO' : 'REELS', video_url: item.url }
        : { image_url: item.url, ...(item.altText ? { alt_text: item.altText } : {}) };
    return carouselItem ? { ...media, is_carousel_item: true } : media;
  }

  return {
    network: 'instagram',

    publish: (request: PublishRequest) =>
      withGraph(
        'instagram',
        options,
        missingToken(request, account),
        async (graph): Promise<PublishOutcome> => {
          const at = now();
          let body: Record<string, unknown>;
          const provisional = attemptRecord(at, JSON.stringify(request.media), undefined, graph.apiVersion);
          if (request.media.length === 1) {
            body = { ...itemBody(request.media[0]!, false), caption: request.text };
          } else if (request.media.length > 1) {
            const children: string[] = [];
            for (const item of request.media) {
              const child = await createContainer(graph, itemBody(item, true), provisional);
              if (!child.ok) return child.outcome;
              if (item.kind === 'video') {
                const ready = await waitUntilFinished(graph, child.value, provisional);
                if (!ready.ok) return ready.outcome;
              }
              children.push(child.value);
            }
            body = { media_type: 'CAROUSEL', children: children.join(','), caption: request.text };
          } else {
            return { kind: 'rejected', reason: 'instagram needs an image or a video', attempt: provisional };
          }
          const payload = JSON.stringify(body);
          const before = attemptRecord(at, payload, undefined, graph.apiVersion);
          const container = await createContainer(graph, body, before);
          if (!container.ok) return container.outcome;
          const ready = await waitUntilFinished(graph, container.value, before);
          if (!ready.ok) return ready.outcome;

          const published = await graph.post(`${user}/media_publish`, { creation_id: container.value });
          if (published.kind !== 'answered') {
            return unansweredOutcome(published, attemptRecord(at, payload, undefined, graph.apiVersion));
          }
          const attempt = attemptRecord(at, payload, published, graph.apiVersion);
          if (!isSuccess(published)) return graphFailure(published, attempt, account, at);
          const mediaId = (parseJson(published.body) as { id?: string } | undefined)?.id;
          if (!mediaId)
            return { kind: 'unknown', reason: 'media_publish answered without a media id', attempt };
          // The permalink is a nicety: a failure to read it does not make the post less published.
          const read = await graph.get(`/${mediaId}`, { fields: 'permalink' });
          const permalink = isSuccess(read)
            ? (parseJson(read.body) as { permalink?: string } | undefined)?.permalink
            : undefined;
          return { kind: 'published', externalId: mediaId, permalink, attempt };
        },
      ),

    verify: verifyAmongRecentGraphPosts('instagram', options, `${user}/media`, {
      text: 'caption',
      createdAt: 'timestamp',
      permalink: 'permalink',
    }),
  };
}

/**
 * Instagram's own publishing limit (`GET /{ig-user-id}/content_publishing_limit`: quota_usage
 * against config.quota_total over a rolling 24 hours), checked before sending. When the check
 * itself fails the send goes ahead: media_publish enforces the limit anyway (error 9/2207042).
 */
export function instagramPublishingQuota(options: NativePublisherOptions): PublishingQuota {
  return {
    check: (network) =>
      withGraph(
        'instagram',
        options,
        (): QuotaCheck => ({ ok: true }),
        async (graph) => {
          if (network !== 'instagram') return { ok: true };
          const result = await graph.get(`/${options.account.accountId}/content_publishing_limit`, {
            fields: 'quota_usage,config',
          });
          if (!isSuccess(result)) return { ok: true };
          const usage = (
            parseJson(result.body) as
              | {
                  data?: {
                    quota_usage?: number;
                    config?: { quota_total?: number; quota_duration?: number };
                  }[];
                }
              | undefined
          )?.data?.[0];
          const used = usage?.quota_usage ?? 0;
          const total = usage?.config?.quota_total;
          if (total === undefined || used < total) return { ok: true };
          return {
            ok: false,
            reason: `instagram: ${used} of ${total} API posts in the last ${Math.round((usage?.config?.quota_duration ?? 86_400) / 3600)} h`,
            retryAfterMs: 3_600_000,
          };
        },
      ),
  };
}
