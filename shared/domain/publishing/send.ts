import { createHash } from 'node:crypto';
import type { Network } from '../../config/client-config.ts';
import type { PublishAttemptRecord, Publisher, PublishOutcome, PublishRequest } from './publisher.ts';

/**
 * One send of one publication to one network, as the publish function runs it: quota first, then
 * the publisher, retried in process while the waits stay short, verified before any resend when
 * the outcome is unknown. Longer waits go back to the caller (`retryable` + `retryAfterMs`), which
 * reschedules: a Lambda must not sleep for minutes.
 */
export interface RetryPolicy {
  /** Sends at most, in this process. */
  maxAttempts: number;
  /** Backoff ceiling of the first retry; doubles each retry (full jitter: a random wait below it). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Total of the in-process waits; a wait that would exceed it is handed back to the caller. */
  maxTotalWaitMs: number;
  /**
   * Time since the first send (waits and requests) after which no new send starts in process:
   * slow answers and Instagram's container polling count too. The caller's timeout must exceed it
   * by one send's worst case.
   */
  maxElapsedMs: number;
  /** Wait before asking the network whether an unanswered send went out (its index lags a little). */
  verifyDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 1000,
  maxDelayMs: 8000,
  maxTotalWaitMs: 20_000,
  maxElapsedMs: 45_000,
  verifyDelayMs: 2000,
};

export interface SendRuntime {
  sleep(ms: number): Promise<void>;
  /** In [0, 1). */
  random(): number;
  now(): Date;
}

export const systemRuntime: SendRuntime = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  now: () => new Date(),
};

/** Port: may this network take one more post now? (Instagram's content_publishing_limit, a daily cap.) */
export interface PublishingQuota {
  check(network: Network): Promise<QuotaCheck>;
}

export type QuotaCheck =
  | { ok: true }
  | { ok: false; reason: string /** When a slot frees up, if known. */; retryAfterMs?: number };

export interface SendResult {
  outcome: PublishOutcome;
  /** Every request that left, in order (none when the quota refused). */
  attempts: PublishAttemptRecord[];
}

/** Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): uniform in [0, cap). */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/** SHA-256 of what is sent, for the audit log (which never keeps the payload). */
export function payloadSha256(payload: string): string {
  return createHash('sha256').update(payload).digest('hex');
}

export async function sendWithRetries(
  request: Omit<PublishRequest, 'attempt'>,
  publisher: Publisher,
  policy: Partial<RetryPolicy> = {},
  runtime: SendRuntime = systemRuntime,
  quota?: PublishingQuota,
): Promise<SendResult> {
  const rules = { ...defaultRetryPolicy, ...policy };
  if (quota) {
    const check = await quota.check(request.network);
    if (!check.ok) {
      const attempt = {
        at: runtime.now().toISOString(),
        payloadSha256: payloadSha256(JSON.stringify([request.text, request.media, request.links])),
      };
      return {
        outcome: {
          kind: 'retryable',
          reason: `quota: ${check.reason}`,
          retryAfterMs: check.retryAfterMs,
          attempt,
        },
        attempts: [],
      };
    }
  }

  const attempts: PublishAttemptRecord[] = [];
  let waited = 0;
  const started = runtime.now().getTime();
  // Kept across reschedules when the caller passes it back; verification ignores older posts.
  const firstSentAt = request.firstSentAt ?? new Date(started).toISOString();
  const elapsedAfter = (wait: number) => runtime.now().getTime() - started + wait;
  for (let number = 1; ; number++) {
    const sent: PublishRequest = { ...request, attempt: number, firstSentAt };
    let outcome = await publishSafely(publisher, sent, runtime);
    attempts.push(outcome.attempt);
    if (outcome.kind === 'published' || outcome.kind === 'rejected' || outcome.kind === 'unauthorized') {
      return { outcome, attempts };
    }
    if (outcome.kind === 'unknown') {
      const verifyWait = rules.verifyDelayMs;
      if (waited + verifyWait > rules.maxTotalWaitMs) return { outcome, attempts };
      await runtime.sleep(verifyWait);
      waited += verifyWait;
      const verified = await verifySafely(publisher, sent);
      if (verified.kind === 'found') {
        const published: PublishOutcome = {
          kind: 'published',
          externalId: verified.externalId,
          permalink: verified.permalink,
          attempt: outcome.attempt,
        };
        return { outcome: published, attempts };
      }
      if (verified.kind === 'cannot-tell') {
        return {
          outcome: { ...outcome, reason: `${outcome.reason}; verify: ${verified.reason}` },
          attempts,
        };
      }
      // Verified absent: sending again cannot double-post.
      outcome = {
        kind: 'retryable',
        reason: `${outcome.reason}; verified absent`,
        attempt: outcome.attempt,
      };
    }
    const delay = outcome.retryAfterMs ?? backoffDelayMs(number, rules, runtime.random);
    const outOfTime = waited + delay > rules.maxTotalWaitMs || elapsedAfter(delay) > rules.maxElapsedMs;
    if (number >= rules.maxAttempts || outOfTime) {
      return { outcome: { ...outcome, retryAfterMs: delay }, attempts };
    }
    await runtime.sleep(delay);
    waited += delay;
  }
}

/** A publisher that throws may have sent its request: treated as unknown, so verified before any resend. */
async function publishSafely(publisher: Publisher, request: PublishRequest, runtime: SendRuntime) {
  try {
    return await publisher.publish(request);
  } catch (error) {
    const attempt = {
      at: runtime.now().toISOString(),
      payloadSha256: payloadSha256(JSON.stringify([request.text, request.media, request.links])),
    };
    return { kind: 'unknown' as const, reason: `publisher failed: ${(error as Error).message}`, attempt };
  }
}

async function verifySafely(publisher: Publisher, request: PublishRequest) {
  try {
    return await publisher.verify(request);
  } catch (error) {
    return { kind: 'cannot-tell' as const, reason: (error as Error).message };
  }
}
