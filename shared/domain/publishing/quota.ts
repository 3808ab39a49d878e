import type { Network } from '../../config/client-config.ts';
import type { PublishingQuota, QuotaCheck } from './send.ts';

/** Port: how many posts went out on a network since a time (the queue's store answers it). */
export interface PublishedCounter {
  countPublishedSince(network: Network, since: Date): Promise<number>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The client's own cap per network (`publishers.<network>.dailyCap`): at most N posts in any
 * 24 hours, a rolling window like Instagram's, so a burst at 23:59 does not get a fresh day at 00:00.
 */
export function dailyCapQuota(
  caps: Partial<Record<Network, number>>,
  counter: PublishedCounter,
  now: () => Date,
): PublishingQuota {
  return {
    async check(network) {
      const cap = caps[network];
      if (cap === undefined) return { ok: true };
      const used = await counter.countPublishedSince(network, new Date(now().getTime() - DAY_MS));
      if (used < cap) return { ok: true };
      // Without the time of the oldest post in the window, look again in an hour.
      return {
        ok: false,
        reason: `${network}: ${used} posts in the last 24 h, cap ${cap}`,
        retryAfterMs: 3_600_000,
      };
    },
  };
}

/** Every quota must allow the send; the first refusal is the answer. */
export function allQuotas(...quotas: PublishingQuota[]): PublishingQuota {
  return {
    async check(network): Promise<QuotaCheck> {
      for (const quota of quotas) {
        const check = await quota.check(network);
        if (!check.ok) return check;
      }
      return { ok: true };
    },
  };
}
