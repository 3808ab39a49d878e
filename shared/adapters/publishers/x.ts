import type {
  Publisher,
  PublishOutcome,
  PublishRequest,
  VerifyOutcome,
} from '../../domain/publishing/publisher.ts';
import {
  accountLabel,
  missingToken,
  type NativePublisherOptions,
  NO_TOKEN_TO_VERIFY,
  summary,
} from './graph.ts';
import {
  attemptRecord,
  download,
  excerpt,
  exchange,
  outcomeOfStatus,
  parseJson,
  unansweredOutcome,
} from './http.ts';
import { findAmongRecent, timeOf } from './verify.ts';

/**
 * X: `POST /2/tweets` with the brand's OAuth 2.0 user access token (scopes tweet.write, tweet.read,
 * users.read) as a Bearer token. 201 `{"data":{"id","text"}}`. Rate limits come in
 * `x-rate-limit-limit / -remaining / -reset` (epoch seconds). Text and up to 4 images, uploaded
 * first through `POST /2/media/upload` (scope media.write); videos go through a webhook publisher.
 */
export function xPublisher(options: NativePublisherOptions): Publisher {
  const account = accountLabel('x', options.account);
  const baseUrl = (options.baseUrl ?? 'https://api.x.com').replace(/\/$/, '');
  const now = () => options.now?.() ?? new Date();
  const handle = options.account.handle?.replace(/^@/, '');
  const permalink = (id: string) =>
    handle ? `https://x.com/${handle}/status/${id}` : `https://x.com/i/web/status/${id}`;

  /** `POST /2/media/upload` with the file (downloaded from its URL) base64-encoded, as tweet_image. */
  async function uploadImage(
    token: string,
    url: string,
  ): Promise<string | { reason: string; permanent: boolean; answer?: { status: number; headers: Headers } }> {
    const file = await download(url, options);
    if (!file.ok) return { reason: file.reason, permanent: file.status !== undefined && file.status < 500 };
    const result = await exchange(
      `${baseUrl}/2/media/upload`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          media: Buffer.from(file.bytes).toString('base64'),
          media_category: 'tweet_image',
        }),
      },
      options,
    );
    if (result.kind !== 'answered') return { reason: `upload: ${result.reason}`, permanent: false };
    const id = (parseJson(result.body) as { data?: { id?: string } } | undefined)?.data?.id;
    if (result.status >= 200 && result.status < 300 && id) return id;
    const permanent = result.status >= 400 && result.status < 500 && result.status !== 429;
    return { reason: `upload answered ${result.status}: ${excerpt(result.body)}`, permanent, answer: result };
  }

  return {
    network: 'x',

    async publish(request: PublishRequest): Promise<PublishOutcome> {
      const token = await options.tokens.get('x');
      if (!token) return missingToken(request, account)();
      const at = now();
      if (request.media.some((item) => item.kind === 'video')) {
        return {
          kind: 'rejected',
          reason: 'x: the native publisher does not upload videos; send them through a webhook publisher',
          attempt: attemptRecord(at, JSON.stringify(request.media), undefined, '2'),
        };
      }
      // Images first (nothing is posted until /2/tweets, so a failure here is safe to retry).
      const mediaIds: string[] = [];
      for (const [index, image] of request.media.entries()) {
        const uploaded = await uploadImage(token, image.url);
        if (typeof uploaded !== 'string') {
          const attempt = attemptRecord(at, JSON.stringify(request.media), uploaded.answer, '2');
          const reason = `image ${index + 1}: ${uploaded.reason}`;
          if (uploaded.answer?.status === 401) return { kind: 'unauthorized', reason, account, attempt };
          return uploaded.permanent
            ? { kind: 'rejected', reason, attempt }
            : { kind: 'retryable', reason, attempt };
        }
        mediaIds.push(uploaded);
      }
      const body = JSON.stringify({
        text: request.text,
        ...(mediaIds.length ? { media: { media_ids: mediaIds } } : {}),
      });
      const result = await exchange(
        `${baseUrl}/2/tweets`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
        },
        options,
      );
      if (result.kind !== 'answered')
        return unansweredOutcome(result, attemptRecord(at, body, undefined, '2'));
      const attempt = attemptRecord(at, body, result, '2');
      const answer = parseJson(result.body) as
        | { data?: { id?: string }; detail?: string; title?: string; errors?: { message?: string }[] }
        | undefined;
      if (result.status === 201 || result.status === 200) {
        const id = answer?.data?.id;
        if (!id) return { kind: 'unknown', reason: `${result.status} without data.id`, attempt };
        return { kind: 'published', externalId: id, permalink: permalink(id), attempt };
      }
      // The specific message of errors[] before the generic detail ("One or more parameters…").
      const reason = answer?.errors?.[0]?.message ?? answer?.detail ?? answer?.title ?? excerpt(result.body);
      return outcomeOfStatus(result.status, result.headers, reason, attempt, account, at);
    },

    /** The account's latest posts, compared without URLs (X rewrites them to t.co links). */
    async verify(request: PublishRequest): Promise<VerifyOutcome> {
      const token = await options.tokens.get('x');
      if (!token) return NO_TOKEN_TO_VERIFY();
      const query = new URLSearchParams({ max_results: '10', 'tweet.fields': 'created_at' });
      const result = await exchange(
        `${baseUrl}/2/users/${encodeURIComponent(options.account.accountId)}/tweets?${query}`,
        { method: 'GET', headers: { authorization: `Bearer ${token}` } },
        options,
      );
      if (result.kind !== 'answered' || result.status !== 200)
        return { kind: 'cannot-tell', reason: summary(result) };
      const posts =
        (parseJson(result.body) as { data?: { id: string; text?: string; created_at?: string }[] })?.data ??
        [];
      const wanted = withoutUrls(request.text);
      return findAmongRecent(
        posts.map((post) => ({
          id: post.id,
          text: post.text,
          createdAt: timeOf(post.created_at),
          permalink: permalink(post.id),
        })),
        request,
        now(),
        (text) => text !== undefined && withoutUrls(text) === wanted,
      );
    },
  };
}

function withoutUrls(text: string): string {
  return text
    .normalize('NFC')
    .replace(/https?:\/\/\S+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
