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
import { attemptRecord, excerpt, exchange, outcomeOfStatus, parseJson, unansweredOutcome } from './http.ts';

/**
 * X: `POST /2/tweets` with the brand's OAuth 2.0 user access token (scopes tweet.write, tweet.read,
 * users.read) as a Bearer token. 201 `{"data":{"id","text"}}`. Rate limits come in
 * `x-rate-limit-limit / -remaining / -reset` (epoch seconds). Text posts (media needs X's separate
 * upload endpoint; send media through a webhook publisher).
 */
export function xPublisher(options: NativePublisherOptions): Publisher {
  const account = accountLabel('x', options.account);
  const baseUrl = (options.baseUrl ?? 'https://api.x.com').replace(/\/$/, '');
  const now = () => options.now?.() ?? new Date();
  const handle = options.account.handle?.replace(/^@/, '');
  const permalink = (id: string) =>
    handle ? `https://x.com/${handle}/status/${id}` : `https://x.com/i/web/status/${id}`;

  return {
    network: 'x',

    async publish(request: PublishRequest): Promise<PublishOutcome> {
      const token = await options.tokens.get('x');
      if (!token) return missingToken(request, account)();
      const at = now();
      const body = JSON.stringify({ text: request.text });
      if (request.media.length > 0) {
        return {
          kind: 'rejected',
          reason: 'x: the native publisher sends text posts only; send media through a webhook publisher',
          attempt: attemptRecord(at, body, undefined, '2'),
        };
      }
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
      const reason = answer?.detail ?? answer?.errors?.[0]?.message ?? answer?.title ?? excerpt(result.body);
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
      const posts = (parseJson(result.body) as { data?: { id: string; text?: string }[] })?.data ?? [];
      const wanted = withoutUrls(request.text);
      const match = posts.find((post) => post.text !== undefined && withoutUrls(post.text) === wanted);
      return match
        ? { kind: 'found', externalId: match.id, permalink: permalink(match.id) }
        : { kind: 'absent' };
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
