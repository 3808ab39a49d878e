import type { ClientConfig, Network } from '../../config/client-config.ts';
import type {
  PublishAttemptRecord,
  PublishOutcome,
  PublishRequest,
  VerifyOutcome,
} from '../../domain/publishing/publisher.ts';
import type { NetworkTokens } from '../network-tokens.ts';
import {
  attemptRecord,
  type Exchange,
  excerpt,
  exchange,
  type HttpDeps,
  outcomeOfStatus,
  parseJson,
  retryAfterMs,
} from './http.ts';
import { findAmongRecent, timeOf } from './verify.ts';

/**
 * The Graph API as the Facebook Pages and Instagram publishers use it: versioned base URL
 * (`https://graph.facebook.com/v24.0`), the account's token as a Bearer header (never in the URL,
 * so never in a log), JSON bodies, and Meta's error object read into Vigie's outcomes.
 */
export const DEFAULT_GRAPH_API_VERSION = 'v24.0';

export interface NativeAccount {
  accountId: string;
  handle?: string;
}

export interface NativePublisherOptions extends HttpDeps {
  account: NativeAccount;
  tokens: NetworkTokens;
  /** Where the API is (a local stand-in in tests). */
  baseUrl?: string;
  apiVersion?: string;
  sleep?: (ms: number) => Promise<void>;
}

/** How a person recognizes the account to reconnect. */
export function accountLabel(network: Network, account: NativeAccount): string {
  return `${network} account ${account.handle ? `${account.handle} (${account.accountId})` : account.accountId}`;
}

export function nativeAccount(config: ClientConfig, network: Network): NativeAccount {
  const account = config.accounts[network];
  if (!account) throw new Error(`publishers.${network} is native but accounts.${network} is not configured`);
  return { accountId: account.accountId, handle: account.handle };
}

export interface GraphError {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  is_transient?: boolean;
  error_user_msg?: string;
}

export class GraphClient {
  readonly apiVersion: string;
  private readonly baseUrl: string;

  constructor(
    private readonly options: NativePublisherOptions,
    private readonly token: string,
  ) {
    this.apiVersion = options.apiVersion ?? DEFAULT_GRAPH_API_VERSION;
    this.baseUrl = `${(options.baseUrl ?? 'https://graph.facebook.com').replace(/\/$/, '')}/${this.apiVersion}`;
  }

  post(path: string, body: Record<string, unknown>): Promise<Exchange> {
    return exchange(
      `${this.baseUrl}${path}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      },
      this.options,
    );
  }

  get(path: string, query: Record<string, string>): Promise<Exchange> {
    const url = `${this.baseUrl}${path}?${new URLSearchParams(query)}`;
    return exchange(url, { method: 'GET', headers: { authorization: `Bearer ${this.token}` } }, this.options);
  }
}

export function graphErrorOf(body: string): GraphError | undefined {
  return (parseJson(body) as { error?: GraphError } | undefined)?.error;
}

/** Token problems: 190 invalid or expired token, 102 session, 10 and 200–299 missing permissions. */
export const isTokenError = (code: number) =>
  code === 190 || code === 102 || code === 10 || (code >= 200 && code < 300);
/** Throttling: app (4), user (17), page (32), API-specific (613), business use case (80000–80014). */
const THROTTLE_CODES = (code: number) =>
  code === 4 || code === 17 || code === 32 || code === 613 || (code >= 80_000 && code <= 80_014);
/** Instagram: "the maximum number of posts allowed through the Content Publishing API" (code 9). */
const IG_PUBLISHING_LIMIT_SUBCODE = 2_207_042;

/** An answered Graph call that was not a success, as an outcome. */
export function graphFailure(
  answer: Extract<Exchange, { kind: 'answered' }>,
  attempt: PublishAttemptRecord,
  account: string,
  now: Date,
): PublishOutcome {
  const error = graphErrorOf(answer.body);
  if (!error?.code)
    return outcomeOfStatus(answer.status, answer.headers, excerpt(answer.body), attempt, account, now);
  const reason = `Graph error ${error.code}${error.error_subcode ? `/${error.error_subcode}` : ''}: ${
    error.error_user_msg ?? error.message ?? 'no message'
  }`;
  if (isTokenError(error.code)) return { kind: 'unauthorized', reason, account, attempt };
  if (error.error_subcode === IG_PUBLISHING_LIMIT_SUBCODE) {
    // A rolling 24-hour window whose end the API does not give: look again in an hour.
    return { kind: 'retryable', reason, retryAfterMs: 3_600_000, attempt };
  }
  if (THROTTLE_CODES(error.code)) {
    return { kind: 'retryable', reason, retryAfterMs: retryAfterMs(answer.headers, now), attempt };
  }
  if (error.is_transient || error.code === 1 || error.code === 2 || answer.status >= 500) {
    if (answer.status === 504) return { kind: 'unknown', reason, attempt };
    return { kind: 'retryable', reason, retryAfterMs: retryAfterMs(answer.headers, now), attempt };
  }
  return { kind: 'rejected', reason, attempt };
}

export const isSuccess = (result: Exchange): result is Extract<Exchange, { kind: 'answered' }> =>
  result.kind === 'answered' && result.status >= 200 && result.status < 300;

/** Texts compared for verify: the network may trim or normalize line ends. */
export function sameText(a: string | undefined, b: string): boolean {
  const normalize = (text: string) => text.normalize('NFC').replace(/\r\n/g, '\n').trim();
  return a !== undefined && normalize(a) === normalize(b);
}

/** Where a Graph edge keeps a post's text, creation time and link (`/{page}/posts`, `/{ig-user}/media`). */
export interface RecentPostFields {
  text: string;
  createdAt: string;
  permalink: string;
}

/**
 * Verify through a Graph edge listing the account's latest posts: the last 10, compared by
 * `findAmongRecent` with the request (same text, created since the first send).
 */
export function verifyAmongRecentGraphPosts(
  network: Network,
  options: NativePublisherOptions,
  edge: string,
  fields: RecentPostFields,
): (request: PublishRequest) => Promise<VerifyOutcome> {
  return (request) =>
    withGraph(network, options, NO_TOKEN_TO_VERIFY, async (graph): Promise<VerifyOutcome> => {
      const result = await graph.get(edge, {
        fields: ['id', fields.text, fields.permalink, fields.createdAt].join(','),
        limit: '10',
      });
      if (!isSuccess(result)) return { kind: 'cannot-tell', reason: summary(result) };
      const posts = (parseJson(result.body) as { data?: Record<string, string | undefined>[] })?.data ?? [];
      return findAmongRecent(
        posts.map((post) => ({
          id: post.id ?? '',
          text: post[fields.text],
          createdAt: timeOf(post[fields.createdAt]),
          permalink: post[fields.permalink],
        })),
        request,
        options.now?.() ?? new Date(),
        (text) => sameText(text, request.text),
      );
    });
}

/** Runs `use` with a Graph client holding the network's token, or answers `withoutToken`. */
export async function withGraph<T>(
  network: Network,
  options: NativePublisherOptions,
  withoutToken: () => T,
  use: (graph: GraphClient) => Promise<T>,
): Promise<T> {
  const token = await options.tokens.get(network);
  return token ? use(new GraphClient(options, token)) : withoutToken();
}

/** The outcome of a send that could not start: the account has no token (never connected, or removed). */
export function missingToken(request: PublishRequest, account: string): () => PublishOutcome {
  return () => ({
    kind: 'unauthorized',
    reason: 'no access token for this account',
    account,
    attempt: attemptRecord(new Date(), JSON.stringify([request.text, request.media, request.links])),
  });
}

export const NO_TOKEN_TO_VERIFY = (): VerifyOutcome => ({ kind: 'cannot-tell', reason: 'no access token' });

export function summary(result: Exchange): string {
  return result.kind === 'answered'
    ? `answered ${result.status}: ${excerpt(result.body, 120)}`
    : result.reason;
}
