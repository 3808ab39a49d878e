import type { Network } from '../../config/client-config.ts';
import type { CounterName } from '../../events/catalog.ts';
import { hourOfWeek } from '../crisis/hour-of-week.ts';

/**
 * Best hours to publish on a network, from the engagement of past posts by hour of the week (in
 * the client's time zone). Until enough posts have metrics, a sensible default: the hours most
 * audiences of that network are around (lunch and early evening on weekdays, late morning at
 * the weekend; mornings for LinkedIn and X).
 */
export const MIN_POSTS_WITH_METRICS = 8;
const TOP = 5;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export interface PostSample {
  publishedAt: string;
  counters: Partial<Record<CounterName, number>>;
}

export interface BestTime {
  weekday: (typeof WEEKDAYS)[number];
  /** Local hour the slot starts (0–23). */
  hour: number;
  /** Mean engagement rate (by reach, else impressions) of the posts of that hour; absent for defaults. */
  engagementRate?: number;
  posts: number;
}

export interface BestTimes {
  network: Network;
  timeZone: string;
  basis: 'metrics' | 'default';
  posts: number;
  times: BestTime[];
}

const DEFAULT_HOURS: Record<Network, [number, number][]> = {
  // [weekday index (0 = Monday), hour]
  instagram: [
    [2, 12],
    [4, 18],
    [1, 18],
    [6, 10],
    [3, 12],
  ],
  facebook: [
    [2, 9],
    [4, 12],
    [0, 9],
    [6, 11],
    [3, 13],
  ],
  x: [
    [1, 8],
    [2, 8],
    [3, 12],
    [0, 17],
    [4, 8],
  ],
  linkedin: [
    [1, 8],
    [3, 8],
    [2, 12],
    [1, 17],
    [3, 17],
  ],
  tiktok: [
    [2, 19],
    [5, 19],
    [3, 20],
    [4, 21],
    [6, 18],
  ],
  youtube: [
    [4, 17],
    [5, 11],
    [6, 11],
    [3, 18],
    [2, 18],
  ],
};

function engagementRate(counters: PostSample['counters']): number | undefined {
  const engagements =
    (counters.likes ?? 0) +
    (counters.comments ?? 0) +
    (counters.shares ?? 0) +
    (counters.saves ?? 0) +
    (counters.clicks ?? 0);
  const audience = counters.reach || counters.impressions;
  return audience ? engagements / audience : undefined;
}

export function bestTimes(network: Network, samples: readonly PostSample[], timeZone: string): BestTimes {
  const rated = samples
    .map((sample) => ({
      hour: hourOfWeek(sample.publishedAt, timeZone),
      rate: engagementRate(sample.counters),
    }))
    .filter((sample): sample is { hour: number; rate: number } => sample.rate !== undefined);
  if (rated.length < MIN_POSTS_WITH_METRICS) {
    return {
      network,
      timeZone,
      basis: 'default',
      posts: rated.length,
      times: DEFAULT_HOURS[network].map(([day, hour]) => ({ weekday: WEEKDAYS[day]!, hour, posts: 0 })),
    };
  }
  const byHour = new Map<number, number[]>();
  for (const { hour, rate } of rated) byHour.set(hour, [...(byHour.get(hour) ?? []), rate]);
  const times = [...byHour.entries()]
    .map(([hour, rates]) => ({
      weekday: WEEKDAYS[Math.floor(hour / 24)]!,
      hour: hour % 24,
      engagementRate:
        Math.round((rates.reduce((sum, rate) => sum + rate, 0) / rates.length) * 10_000) / 10_000,
      posts: rates.length,
    }))
    .sort((a, b) => b.engagementRate - a.engagementRate || b.posts - a.posts)
    .slice(0, TOP);
  return { network, timeZone, basis: 'metrics', posts: rated.length, times };
}
