import type { PublishAttemptRecord, PublishOutcome } from '../../domain/publishing/publisher.ts';
import { payloadSha256 } from '../../domain/publishing/send.ts';

/**
 * What the publisher adapters share: one HTTP exchange with a timeout, and the distinction that
 * matters for double posting — a request that never left (connection refused, DNS) is safe to send
 * again; a request that left and got no answer (timeout, reset) may have posted.
 */
export interface HttpDeps {
  fetch?: typeof fetch;
  /** Per request. */
  timeoutMs?: number;
  now?: () => Date;
}

export type Exchange =
  | { kind: 'answered'; status: number; headers: Headers; body: string }
  /** The request never reached the server. */
  | { kind: 'not-sent'; reason: string }
  /** The request left; no (complete) answer came back. */
  | { kind: 'no-answer'; reason: string };

const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export async function exchange(url: string, init: RequestInit, deps: HttpDeps): Promise<Exchange> {
  const fetchImpl = deps.fetch ?? fetch;
  try {
    const response = await fetchImpl(url, {
      // A redirected POST would be replayed as a GET without its body: answer the 3xx instead.
      redirect: init.method && init.method !== 'GET' ? 'manual' : 'follow',
      ...init,
      signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
    });
    const body = await response.text();
    return { kind: 'answered', status: response.status, headers: response.headers, body };
  } catch (error) {
    const failure = error as Error & { cause?: { code?: string; errors?: { code?: string }[] } };
    if (failure.name === 'TimeoutError' || failure.name === 'AbortError') {
      return { kind: 'no-answer', reason: `no answer within ${deps.timeoutMs ?? 10_000} ms` };
    }
    // Happy eyeballs (several addresses) fails with an AggregateError whose members carry the code.
    const code = failure.cause?.code ?? failure.cause?.errors?.[0]?.code;
    const reason = `${failure.message}${code ? ` (${code})` : ''}`;
    if (code && NOT_SENT_CODES.has(code)) return { kind: 'not-sent', reason };
    return { kind: 'no-answer', reason };
  }
}

/** Rate-limit headers worth keeping in the audit log (X, Meta, LinkedIn and generic ones). */
const RATE_LIMIT_HEADER =
  /^(retry-after|x-rate-limit-.+|x-ratelimit-.+|x-(user|app)-limit-24hour-.+|ratelimit(-.+)?|x-app-usage|x-business-use-case-usage|x-page-usage|x-ad-account-usage)$/;

export function rateLimitHeaders(headers: Headers | undefined): Record<string, string> | undefined {
  if (!headers) return undefined;
  const kept: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (RATE_LIMIT_HEADER.test(name)) kept[name] = value;
  });
  return Object.keys(kept).length ? kept : undefined;
}

/**
 * How long to wait before the next request, from what the server said: `Retry-After` (seconds or
 * an HTTP date), X's `x-rate-limit-reset` (epoch seconds) once the window is spent, Meta's
 * `estimated_time_to_regain_access` (minutes) in `x-business-use-case-usage`.
 */
export function retryAfterMs(headers: Headers, now: Date): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now.getTime());
  }
  // X: the 15-minute window, then the 24-hour caps per user and per app; the latest spent one wins.
  const resets = ['x-rate-limit', 'x-user-limit-24hour', 'x-app-limit-24hour']
    .filter((prefix) => headers.get(`${prefix}-remaining`) === '0')
    .map((prefix) => Number(headers.get(`${prefix}-reset`)))
    .filter((reset) => Number.isFinite(reset) && reset > 0);
  if (resets.length) return Math.max(0, Math.max(...resets) * 1000 - now.getTime());
  const usage = headers.get('x-business-use-case-usage');
  if (usage) {
    try {
      const minutes = Object.values(
        JSON.parse(usage) as Record<string, { estimated_time_to_regain_access?: number }[]>,
      )
        .flat()
        .map((entry) => entry.estimated_time_to_regain_access ?? 0);
      const longest = Math.max(0, ...minutes);
      if (longest > 0) return longest * 60_000;
    } catch {
      // not the documented JSON: no hint
    }
  }
  return undefined;
}

export function attemptRecord(
  at: Date,
  payload: string,
  answer?: { status: number; headers: Headers },
  apiVersion?: string,
): PublishAttemptRecord {
  return {
    at: at.toISOString(),
    apiVersion,
    status: answer?.status,
    rateLimit: rateLimitHeaders(answer?.headers),
    payloadSha256: payloadSha256(payload),
  };
}

/** The outcome of an exchange that did not get an HTTP answer. */
export function unansweredOutcome(
  result: Exclude<Exchange, { kind: 'answered' }>,
  attempt: PublishAttemptRecord,
): PublishOutcome {
  return result.kind === 'not-sent'
    ? { kind: 'retryable', reason: `not sent: ${result.reason}`, attempt }
    : { kind: 'unknown', reason: `sent, no answer: ${result.reason}`, attempt };
}

/**
 * The generic reading of an HTTP status for a request that creates a post: 429 and 5xx are
 * retryable, except 504 (the gateway gave up waiting: the post may exist, so unknown); 401 means
 * the token is no longer valid; other 4xx are refusals of the content.
 */
export function outcomeOfStatus(
  status: number,
  headers: Headers,
  reason: string,
  attempt: PublishAttemptRecord,
  account: string,
  now: Date,
): PublishOutcome {
  if (status === 504) return { kind: 'unknown', reason: `${status}: ${reason}`, attempt };
  if (status === 429 || status >= 500) {
    return {
      kind: 'retryable',
      reason: `${status}: ${reason}`,
      retryAfterMs: retryAfterMs(headers, now),
      attempt,
    };
  }
  if (status === 401) return { kind: 'unauthorized', reason: `${status}: ${reason}`, account, attempt };
  return { kind: 'rejected', reason: `${status}: ${reason}`, attempt };
}

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** A short, single-line excerpt of a body for reasons and logs. */
export function excerpt(body: string, max = 300): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Downloads a media file (to upload it to a network that does not fetch URLs itself). */
export async function download(
  url: string,
  deps: HttpDeps,
): Promise<
  { ok: true; bytes: ArrayBuffer; contentType: string } | { ok: false; status?: number; reason: string }
> {
  const fetchImpl = deps.fetch ?? fetch;
  try {
    const response = await fetchImpl(url, { signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000) });
    if (!response.ok)
      return { ok: false, status: response.status, reason: `download of ${url}: ${response.status}` };
    return {
      ok: true,
      bytes: await response.arrayBuffer(),
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
    };
  } catch (error) {
    return { ok: false, reason: `download of ${url}: ${(error as Error).message}` };
  }
}
