import { describe, expect, it } from 'vitest';
import type {
  Publisher,
  PublishOutcome,
  PublishRequest,
  VerifyOutcome,
} from '../../../../shared/domain/publishing/publisher.ts';
import {
  backoffDelayMs,
  defaultRetryPolicy,
  type PublishingQuota,
  type SendRuntime,
  sendWithRetries,
} from '../../../../shared/domain/publishing/send.ts';

const request: Omit<PublishRequest, 'attempt'> = {
  publicationId: 'pub-1',
  network: 'x',
  text: 'Bonjour',
  media: [],
  links: [],
  idempotencyKey: 'pub-1:x:1',
};

const attempt = (status?: number) => ({ at: '2026-12-01T09:00:00.000Z', status, payloadSha256: 'abc' });
const published: PublishOutcome = { kind: 'published', externalId: 'tw-1', attempt: attempt(201) };
const retryable = (retryAfterMs?: number): PublishOutcome => ({
  kind: 'retryable',
  reason: '429: too many requests',
  retryAfterMs,
  attempt: attempt(429),
});
const unknown: PublishOutcome = { kind: 'unknown', reason: 'sent, no answer', attempt: attempt() };

/** A publisher that answers a script, and records what it was asked. */
function scripted(outcomes: PublishOutcome[], verifications: VerifyOutcome[] = []) {
  const sent: PublishRequest[] = [];
  const verified: PublishRequest[] = [];
  const publisher: Publisher = {
    network: 'x',
    async publish(sentRequest) {
      sent.push(sentRequest);
      const next = outcomes.shift();
      if (!next) throw new Error('publish called more often than scripted');
      return next;
    },
    async verify(verifiedRequest) {
      verified.push(verifiedRequest);
      const next = verifications.shift();
      if (!next) throw new Error('verify called more often than scripted');
      return next;
    },
  };
  return { publisher, sent, verified };
}

function fakeRuntime(randoms: number[] = []) {
  const sleeps: number[] = [];
  const runtime: SendRuntime = {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => randoms.shift() ?? 0.5,
    now: () => new Date('2026-12-01T09:00:00Z'),
  };
  return { runtime, sleeps };
}

describe('sendWithRetries', () => {
  it('publishes at the first try without waiting', async () => {
    const { publisher, sent } = scripted([published]);
    const { runtime, sleeps } = fakeRuntime();
    const result = await sendWithRetries(request, publisher, {}, runtime);
    expect(result.outcome).toBe(published);
    expect(result.attempts).toEqual([published.attempt]);
    expect(sent.map((s) => s.attempt)).toEqual([1]);
    expect(sleeps).toEqual([]);
  });

  it('waits what Retry-After says on a 429, then retries with the same idempotency key', async () => {
    const { publisher, sent } = scripted([retryable(3000), retryable(5000), published]);
    const { runtime, sleeps } = fakeRuntime();
    const result = await sendWithRetries(request, publisher, {}, runtime);
    expect(result.outcome.kind).toBe('published');
    expect(sleeps).toEqual([3000, 5000]);
    expect(sent.map((s) => [s.attempt, s.idempotencyKey])).toEqual([
      [1, 'pub-1:x:1'],
      [2, 'pub-1:x:1'],
      [3, 'pub-1:x:1'],
    ]);
    expect(result.attempts).toHaveLength(3);
  });

  it('backs off exponentially with full jitter when no wait is given', async () => {
    const { publisher } = scripted([retryable(), retryable(), retryable(), published]);
    const { runtime, sleeps } = fakeRuntime([0.5, 0.25, 0.999]);
    await sendWithRetries(request, publisher, { baseDelayMs: 1000, maxDelayMs: 3000 }, runtime);
    // Ceilings 1000, 2000, then 4000 capped at 3000.
    expect(sleeps).toEqual([500, 500, 2997]);
  });

  it('keeps every jittered wait within [0, min(max, base × 2^(n-1)))', () => {
    for (const random of [0, 0.1, 0.5, 0.9999]) {
      for (let retry = 1; retry <= 8; retry++) {
        const delay = backoffDelayMs(retry, defaultRetryPolicy, () => random);
        const ceiling = Math.min(
          defaultRetryPolicy.maxDelayMs,
          defaultRetryPolicy.baseDelayMs * 2 ** (retry - 1),
        );
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
    expect(backoffDelayMs(1, defaultRetryPolicy, () => 0)).toBe(0);
  });

  it('hands a long wait back to the caller instead of sleeping (a Lambda must not sleep minutes)', async () => {
    const { publisher, sent } = scripted([retryable(15 * 60_000)]);
    const { runtime, sleeps } = fakeRuntime();
    const result = await sendWithRetries(request, publisher, {}, runtime);
    expect(result.outcome).toMatchObject({ kind: 'retryable', retryAfterMs: 15 * 60_000 });
    expect(sleeps).toEqual([]);
    expect(sent).toHaveLength(1);
  });

  it('stops when the in-process waits would pass the cap, with the next wait for the caller', async () => {
    const { publisher } = scripted([retryable(8000), retryable(8000), retryable(8000)]);
    const { runtime, sleeps } = fakeRuntime();
    const result = await sendWithRetries(request, publisher, { maxTotalWaitMs: 20_000 }, runtime);
    expect(sleeps).toEqual([8000, 8000]);
    expect(result.outcome).toMatchObject({ kind: 'retryable', retryAfterMs: 8000 });
    expect(result.attempts).toHaveLength(3);
  });

  it('starts no new send once the elapsed time (slow answers included) would pass maxElapsedMs', async () => {
    let clock = Date.parse('2026-12-01T09:00:00Z');
    const slow: Publisher = {
      network: 'x',
      async publish() {
        clock += 30_000; // a send that took 30 s (timeouts, container polling)
        return retryable(1000);
      },
      verify: async () => ({ kind: 'absent' }),
    };
    const sleeps: number[] = [];
    const runtime: SendRuntime = {
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
      random: () => 0.5,
      now: () => new Date(clock),
    };
    const result = await sendWithRetries(request, slow, { maxElapsedMs: 45_000 }, runtime);
    // 30 s + 1 s wait + 30 s would pass 45 s only after the second send: two sends, one wait.
    expect(result.attempts).toHaveLength(2);
    expect(sleeps).toEqual([1000]);
    expect(result.outcome).toMatchObject({ kind: 'retryable', retryAfterMs: 1000 });
  });

  it('stops after maxAttempts sends', async () => {
    const { publisher, sent } = scripted([retryable(10), retryable(10)]);
    const { runtime } = fakeRuntime();
    const result = await sendWithRetries(request, publisher, { maxAttempts: 2 }, runtime);
    expect(sent).toHaveLength(2);
    expect(result.outcome.kind).toBe('retryable');
  });

  it('never retries a rejection or an expired token', async () => {
    for (const outcome of [
      { kind: 'rejected', reason: '400: text too long', attempt: attempt(400) },
      { kind: 'unauthorized', reason: '401', account: 'x account @maison', attempt: attempt(401) },
    ] as PublishOutcome[]) {
      const { publisher, sent } = scripted([outcome]);
      const { runtime, sleeps } = fakeRuntime();
      const result = await sendWithRetries(request, publisher, {}, runtime);
      expect(result.outcome).toBe(outcome);
      expect(sent).toHaveLength(1);
      expect(sleeps).toEqual([]);
    }
  });

  it('after an unknown outcome, asks the network first: found means published, without resending', async () => {
    const { publisher, sent, verified } = scripted(
      [unknown],
      [{ kind: 'found', externalId: 'tw-9', permalink: 'https://x.com/i/web/status/tw-9' }],
    );
    const { runtime, sleeps } = fakeRuntime();
    const result = await sendWithRetries(request, publisher, {}, runtime);
    expect(result.outcome).toMatchObject({
      kind: 'published',
      externalId: 'tw-9',
      permalink: 'https://x.com/i/web/status/tw-9',
    });
    expect(sent).toHaveLength(1);
    expect(verified).toHaveLength(1);
    // Verification knows when the window's first send left (older same-text posts are not this one).
    expect(verified[0]!.firstSentAt).toBe('2026-12-01T09:00:00.000Z');
    expect(sleeps).toEqual([defaultRetryPolicy.verifyDelayMs]);
  });

  it('resends only when verify says absent', async () => {
    const { publisher, sent } = scripted([unknown, published], [{ kind: 'absent' }]);
    const { runtime, sleeps } = fakeRuntime([0.5]);
    const result = await sendWithRetries(request, publisher, {}, runtime);
    expect(result.outcome.kind).toBe('published');
    expect(sent.map((s) => s.attempt)).toEqual([1, 2]);
    expect(sleeps).toEqual([defaultRetryPolicy.verifyDelayMs, 500]);
  });

  it('stops with outcome unknown when verify cannot tell (or fails): never a blind resend', async () => {
    const cannotTell = scripted([unknown], [{ kind: 'cannot-tell', reason: 'search unavailable' }]);
    const result = await sendWithRetries(request, cannotTell.publisher, {}, fakeRuntime().runtime);
    expect(result.outcome).toMatchObject({
      kind: 'unknown',
      reason: 'sent, no answer; verify: search unavailable',
    });
    expect(cannotTell.sent).toHaveLength(1);

    const failing = scripted([unknown]); // verify throws: nothing scripted
    const failed = await sendWithRetries(request, failing.publisher, {}, fakeRuntime().runtime);
    expect(failed.outcome.kind).toBe('unknown');
    expect(failing.sent).toHaveLength(1);
  });

  it('treats a publisher that throws as an unknown outcome: verified before any resend', async () => {
    const { publisher, sent } = scripted([], [{ kind: 'cannot-tell', reason: 'no search' }]);
    const result = await sendWithRetries(request, publisher, {}, fakeRuntime().runtime);
    expect(result.outcome).toMatchObject({
      kind: 'unknown',
      reason: 'publisher failed: publish called more often than scripted; verify: no search',
    });
    expect(sent).toHaveLength(1);
    expect(result.attempts).toHaveLength(1);
  });

  it('refuses to send when the quota is spent, and says when to try again', async () => {
    const { publisher, sent } = scripted([published]);
    const quota: PublishingQuota = {
      check: async (network) => ({
        ok: false,
        reason: `${network}: 25 of 25 posts in 24 h`,
        retryAfterMs: 3_600_000,
      }),
    };
    const result = await sendWithRetries(request, publisher, {}, fakeRuntime().runtime, quota);
    expect(result.outcome).toMatchObject({
      kind: 'retryable',
      reason: 'quota: x: 25 of 25 posts in 24 h',
      retryAfterMs: 3_600_000,
    });
    expect(result.attempts).toEqual([]);
    expect(sent).toHaveLength(0);
  });

  it('sends when the quota allows it', async () => {
    const { publisher } = scripted([published]);
    const quota: PublishingQuota = { check: async () => ({ ok: true }) };
    expect((await sendWithRetries(request, publisher, {}, fakeRuntime().runtime, quota)).outcome).toBe(
      published,
    );
  });
});
