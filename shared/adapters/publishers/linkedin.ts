import type {
  Publisher,
  PublishOutcome,
  PublishRequest,
  VerifyOutcome,
} from '../../domain/publishing/publisher.ts';
import { urlsInText } from '../../domain/publishing/validation.ts';
import {
  accountLabel,
  missingToken,
  type NativePublisherOptions,
  NO_TOKEN_TO_VERIFY,
  sameText,
  summary,
} from './graph.ts';
import {
  attemptRecord,
  download,
  type Exchange,
  excerpt,
  exchange,
  outcomeOfStatus,
  parseJson,
  unansweredOutcome,
} from './http.ts';
import { findAmongRecent, timeOf } from './verify.ts';

/**
 * LinkedIn's Posts API (`POST /rest/posts`, versioned by the `LinkedIn-Version: YYYYMM` header, Rest.li
 * protocol 2.0.0), as the brand's organization (`accounts.linkedin.accountId`: an organization id or
 * URN). The new post's URN comes back in the `x-restli-id` header. Text, one image or 2–20 images
 * (uploaded through the Images API first); links stay in the commentary (an article card needs a
 * title and thumbnail Vigie does not have). Videos go through a webhook publisher.
 */
export const DEFAULT_LINKEDIN_VERSION = '202511';

const RESERVED = /[\\|{}@[\]()<>#*_~]/g;

/**
 * The commentary in LinkedIn's "little" text format: reserved characters are backslash-escaped,
 * otherwise LinkedIn cuts the post at the first one. URLs and #hashtags are kept as they are.
 */
export function littleText(text: string): string {
  let result = '';
  let from = 0;
  const escapePlain = (plain: string) =>
    plain.replace(RESERVED, (char, offset: number) =>
      char === '#' && /[\p{L}\p{N}]/u.test(plain[offset + 1] ?? '') ? char : `\\${char}`,
    );
  for (const { url, index } of urlsInText(text)) {
    result += escapePlain(text.slice(from, index)) + url;
    from = index + url.length;
  }
  return result + escapePlain(text.slice(from));
}

export function authorUrn(accountId: string): string {
  return accountId.startsWith('urn:li:') ? accountId : `urn:li:organization:${accountId}`;
}

export function linkedinPublisher(options: NativePublisherOptions): Publisher {
  const account = accountLabel('linkedin', options.account);
  const version = options.apiVersion ?? DEFAULT_LINKEDIN_VERSION;
  const baseUrl = (options.baseUrl ?? 'https://api.linkedin.com').replace(/\/$/, '');
  const author = authorUrn(options.account.accountId);
  const now = () => options.now?.() ?? new Date();
  const headers = (token: string) => ({
    authorization: `Bearer ${token}`,
    'linkedin-version': version,
    'x-restli-protocol-version': '2.0.0',
    'content-type': 'application/json',
  });

  /**
   * One image through the Images API: `POST /rest/images?action=initializeUpload` (owner = the
   * author) gives an upload URL and the image URN; the file, downloaded from its URL, is PUT there.
   */
  async function uploadImage(
    token: string,
    url: string,
    at: Date,
  ): Promise<{ urn: string } | { outcome: (position: number) => PublishOutcome }> {
    const initBody = JSON.stringify({ initializeUploadRequest: { owner: author } });
    const failed = (reason: string, result?: Exchange, retryable = true) => ({
      outcome: (position: number): PublishOutcome => {
        const attempt = attemptRecord(
          at,
          initBody,
          result?.kind === 'answered' ? result : undefined,
          version,
        );
        const why = `image ${position}: ${reason}`;
        if (result?.kind === 'answered' && result.status === 401) {
          return { kind: 'unauthorized', reason: why, account, attempt };
        }
        return retryable
          ? { kind: 'retryable', reason: why, attempt }
          : { kind: 'rejected', reason: why, attempt };
      },
    });
    const init = await exchange(
      `${baseUrl}/rest/images?action=initializeUpload`,
      { method: 'POST', headers: headers(token), body: initBody },
      options,
    );
    if (init.kind !== 'answered') return failed(init.reason);
    const value = (parseJson(init.body) as { value?: { uploadUrl?: string; image?: string } } | undefined)
      ?.value;
    if (init.status !== 200 || !value?.uploadUrl || !value.image) {
      return failed(
        `initializeUpload answered ${init.status}: ${excerpt(init.body)}`,
        init,
        init.status >= 500 || init.status === 429,
      );
    }
    const file = await download(url, options);
    if (!file.ok) return failed(file.reason, undefined, file.status === undefined || file.status >= 500);
    const upload = await exchange(
      value.uploadUrl,
      {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': file.contentType },
        body: file.bytes,
      },
      options,
    );
    if (upload.kind !== 'answered') return failed(`upload: ${upload.reason}`);
    if (upload.status < 200 || upload.status >= 300) {
      return failed(
        `upload answered ${upload.status}`,
        upload,
        upload.status >= 500 || upload.status === 429,
      );
    }
    return { urn: value.image };
  }

  return {
    network: 'linkedin',

    async publish(request: PublishRequest): Promise<PublishOutcome> {
      const token = await options.tokens.get('linkedin');
      if (!token) return missingToken(request, account)();
      const at = now();
      if (request.media.some((item) => item.kind === 'video')) {
        return {
          kind: 'rejected',
          reason:
            'linkedin: the native publisher does not upload videos; send them through a webhook publisher',
          attempt: attemptRecord(at, JSON.stringify(request.media), undefined, version),
        };
      }
      // Images first (Images API): nothing is posted until /rest/posts, so failures here are safe.
      const images: { id: string; altText?: string }[] = [];
      for (const [index, image] of request.media.entries()) {
        const uploaded = await uploadImage(token, image.url, at);
        if ('outcome' in uploaded) return uploaded.outcome(index + 1);
        images.push({ id: uploaded.urn, ...(image.altText ? { altText: image.altText } : {}) });
      }
      const body = JSON.stringify({
        author,
        commentary: littleText(request.text),
        visibility: 'PUBLIC',
        distribution: {
          feedDistribution: 'MAIN_FEED',
          targetEntities: [],
          thirdPartyDistributionChannels: [],
        },
        lifecycleState: 'PUBLISHED',
        isReshareDisabledByAuthor: false,
        ...(images.length === 1 ? { content: { media: images[0] } } : {}),
        ...(images.length > 1 ? { content: { multiImage: { images } } } : {}),
      });
      const result = await exchange(
        `${baseUrl}/rest/posts`,
        { method: 'POST', headers: headers(token), body },
        options,
      );
      if (result.kind !== 'answered')
        return unansweredOutcome(result, attemptRecord(at, body, undefined, version));
      const attempt = attemptRecord(at, body, result, version);
      if (result.status === 201 || result.status === 200) {
        const urn = result.headers.get('x-restli-id');
        if (!urn)
          return { kind: 'unknown', reason: `${result.status} without an x-restli-id header`, attempt };
        return {
          kind: 'published',
          externalId: urn,
          permalink: `https://www.linkedin.com/feed/update/${urn}/`,
          attempt,
        };
      }
      const message =
        (parseJson(result.body) as { message?: string } | undefined)?.message ?? excerpt(result.body);
      // LinkedIn refuses a copy of a recent post and names it: that post is this one.
      const duplicate = /duplicate/i.test(message)
        ? message.match(/urn:li:(?:share|ugcPost):\d+/)?.[0]
        : undefined;
      if (duplicate) {
        return {
          kind: 'published',
          externalId: duplicate,
          permalink: `https://www.linkedin.com/feed/update/${duplicate}/`,
          attempt,
        };
      }
      if (result.status === 403) return { kind: 'unauthorized', reason: `403: ${message}`, account, attempt };
      return outcomeOfStatus(result.status, result.headers, message, attempt, account, at);
    },

    async verify(request: PublishRequest): Promise<VerifyOutcome> {
      const token = await options.tokens.get('linkedin');
      if (!token) return NO_TOKEN_TO_VERIFY();
      const query = new URLSearchParams({ q: 'author', author, count: '10', sortBy: 'LAST_MODIFIED' });
      const result = await exchange(
        `${baseUrl}/rest/posts?${query}`,
        { method: 'GET', headers: { ...headers(token), 'x-restli-method': 'FINDER' } },
        options,
      );
      if (result.kind !== 'answered' || result.status !== 200)
        return { kind: 'cannot-tell', reason: summary(result) };
      const posts =
        (parseJson(result.body) as { elements?: { id: string; commentary?: string; createdAt?: number }[] })
          ?.elements ?? [];
      const escaped = littleText(request.text);
      return findAmongRecent(
        posts.map((post) => ({
          id: post.id,
          text: post.commentary,
          createdAt: timeOf(post.createdAt),
          permalink: `https://www.linkedin.com/feed/update/${post.id}/`,
        })),
        request,
        now(),
        (text) => sameText(text, escaped) || sameText(text, request.text),
      );
    },
  };
}
