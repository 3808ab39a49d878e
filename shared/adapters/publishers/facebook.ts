import type { Publisher, PublishOutcome, PublishRequest } from '../../domain/publishing/publisher.ts';
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
import { attemptRecord, type Exchange, parseJson, unansweredOutcome } from './http.ts';

/**
 * Facebook Pages through the Graph API, with the Page access token of `accounts.facebook`:
 * text (and its first link as the preview) → `POST /{page-id}/feed`; one photo →
 * `POST /{page-id}/photos` (url + caption); several photos → each uploaded unpublished, then one
 * feed post with `attached_media`; a video → `POST /{page-id}/videos` (file_url + description).
 * Only the last request can create the post: a lost answer before it is safe to retry.
 */
export function facebookPublisher(options: NativePublisherOptions): Publisher {
  const account = accountLabel('facebook', options.account);
  const page = `/${options.account.accountId}`;
  const now = () => options.now?.() ?? new Date();

  async function uploadUnpublished(graph: GraphClient, urls: string[]): Promise<string[] | Exchange> {
    const ids: string[] = [];
    for (const url of urls) {
      const result = await graph.post(`${page}/photos`, { url, published: false });
      const id = isSuccess(result) ? (parseJson(result.body) as { id?: string } | undefined)?.id : undefined;
      if (!id) return result;
      ids.push(id);
    }
    return ids;
  }

  return {
    network: 'facebook',

    publish: (request: PublishRequest) =>
      withGraph(
        'facebook',
        options,
        missingToken(request, account),
        async (graph): Promise<PublishOutcome> => {
          const at = now();
          const images = request.media.filter((item) => item.kind === 'image');
          const video = request.media.find((item) => item.kind === 'video');
          let path = `${page}/feed`;
          let body: Record<string, unknown> = { message: request.text };
          if (video) {
            path = `${page}/videos`;
            body = { file_url: video.url, description: request.text };
          } else if (images.length === 1) {
            path = `${page}/photos`;
            body = { url: images[0]!.url, caption: request.text };
          } else if (images.length > 1) {
            const uploaded = await uploadUnpublished(
              graph,
              images.map((image) => image.url),
            );
            if (!Array.isArray(uploaded)) return beforePostFailure(uploaded, at, JSON.stringify(images));
            body = { message: request.text, attached_media: uploaded.map((id) => ({ media_fbid: id })) };
          } else if (request.links[0]) {
            body = { message: request.text, link: request.links[0] };
          }
          const payload = JSON.stringify(body);
          const result = await graph.post(path, body);
          if (result.kind !== 'answered') {
            return unansweredOutcome(result, attemptRecord(at, payload, undefined, graph.apiVersion));
          }
          const attempt = attemptRecord(at, payload, result, graph.apiVersion);
          if (!isSuccess(result)) return graphFailure(result, attempt, account, at);
          const created = parseJson(result.body) as { id?: string; post_id?: string } | undefined;
          const externalId = created?.post_id ?? created?.id;
          if (!externalId) return { kind: 'unknown', reason: 'answer without a post id', attempt };
          return {
            kind: 'published',
            externalId,
            permalink: `https://www.facebook.com/${externalId}`,
            attempt,
          };
        },
      ),

    verify: verifyAmongRecentGraphPosts('facebook', options, `${page}/posts`, {
      text: 'message',
      createdAt: 'created_time',
      permalink: 'permalink_url',
    }),
  };

  /** A failed upload before the post: nothing was published, so even a lost answer is retryable. */
  function beforePostFailure(result: Exchange, at: Date, payload: string): PublishOutcome {
    const attempt = attemptRecord(at, payload, result.kind === 'answered' ? result : undefined);
    if (result.kind !== 'answered')
      return { kind: 'retryable', reason: `photo upload: ${result.reason}`, attempt };
    const outcome = graphFailure(result, attempt, account, at);
    return outcome.kind === 'unknown' ? { kind: 'retryable', reason: outcome.reason, attempt } : outcome;
  }
}
