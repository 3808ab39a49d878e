import type { Network } from '../../config/client-config.ts';
import { COUNTER_NAMES, type CounterName, type MetricsSnapshot } from '../../events/catalog.ts';
import type { BucketDelta } from '../crisis/buckets.ts';
import { dateTimeFormat } from '../time-formats.ts';

/**
 * KPI rollups recomputed from raw data (snapshots of lifetime counters, mention buckets).
 * A snapshot's growth over the previous snapshot of the same post is attributed to the period in
 * which it was read, in the client's time zone; a counter that goes down (an unlike) gives a
 * negative delta, so period sums always add up to the latest lifetime value.
 */
export type Period = 'day' | 'month';

export type Counters = Record<CounterName, number>;

export interface KpiRollup extends Counters {
  period: Period;
  start: string;
  network: Network | 'all';
  engagements: number;
  engagementRateByReach: number | null;
  clickThroughRate: number | null;
  mentions: number;
  negativeMentions: number;
  neutralMentions: number;
  positiveMentions: number;
  negativeShare: number | null;
  netSentiment: number | null;
}

export interface PostLifetime extends Counters {
  postId: string;
  network: Network;
  lastSnapshotAt: string;
  engagementRateByReach: number | null;
}

function zeroCounters(): Counters {
  return Object.fromEntries(COUNTER_NAMES.map((name) => [name, 0])) as Counters;
}

export function engagementsOf(c: Pick<Counters, 'likes' | 'comments' | 'shares' | 'saves'>): number {
  return c.likes + c.comments + c.shares + c.saves;
}

export function ratePercent(numerator: number, denominator: number): number | null {
  return denominator > 0 ? Math.round((numerator / denominator) * 10_000) / 100 : null;
}

/** Local calendar day or month of an instant in a time zone (ISO date of its first day). */
export function periodStart(iso: string, period: Period, timeZone: string): string {
  const parts = dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(iso))
    .split('-');
  return period === 'day' ? parts.join('-') : `${parts[0]}-${parts[1]}-01`;
}

function postKey(snapshot: Pick<MetricsSnapshot, 'network' | 'postId'>): string {
  return `${snapshot.network}#${snapshot.postId}`;
}

/** Each post's snapshots, in reading order, duplicates (same id) removed. */
function snapshotsByPost(snapshots: readonly MetricsSnapshot[]): Map<string, MetricsSnapshot[]> {
  const byPost = new Map<string, Map<string, MetricsSnapshot>>();
  for (const snapshot of snapshots) {
    const key = postKey(snapshot);
    const unique = byPost.get(key) ?? new Map<string, MetricsSnapshot>();
    unique.set(snapshot.id, snapshot);
    byPost.set(key, unique);
  }
  return new Map(
    [...byPost].map(([key, unique]) => [
      key,
      [...unique.values()].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id)),
    ]),
  );
}

/** Lifetime counters per post: each counter's latest known value (snapshots may be partial). */
export function postLifetimes(snapshots: readonly MetricsSnapshot[]): PostLifetime[] {
  const posts: PostLifetime[] = [];
  for (const ordered of snapshotsByPost(snapshots).values()) {
    const counters = zeroCounters();
    for (const snapshot of ordered) Object.assign(counters, snapshot.counters);
    const last = ordered[ordered.length - 1]!;
    posts.push({
      postId: last.postId,
      network: last.network,
      lastSnapshotAt: last.at,
      ...counters,
      engagementRateByReach: ratePercent(engagementsOf(counters), counters.reach),
    });
  }
  return posts.sort((a, b) => a.network.localeCompare(b.network) || a.postId.localeCompare(b.postId));
}

export function computeRollups(
  snapshots: readonly MetricsSnapshot[],
  mentionBuckets: readonly BucketDelta[],
  timeZone: string,
  periods: readonly Period[] = ['day', 'month'],
): KpiRollup[] {
  const rows = new Map<string, KpiRollup>();
  const rowFor = (period: Period, at: string, network: Network | 'all'): KpiRollup => {
    const start = periodStart(at, period, timeZone);
    const key = `${period}#${start}#${network}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        period,
        start,
        network,
        ...zeroCounters(),
        engagements: 0,
        engagementRateByReach: null,
        clickThroughRate: null,
        mentions: 0,
        negativeMentions: 0,
        neutralMentions: 0,
        positiveMentions: 0,
        negativeShare: null,
        netSentiment: null,
      };
      rows.set(key, row);
    }
    return row;
  };

  for (const ordered of snapshotsByPost(snapshots).values()) {
    const previous = zeroCounters();
    for (const snapshot of ordered) {
      const delta = zeroCounters();
      for (const name of COUNTER_NAMES) {
        const value = snapshot.counters[name];
        if (value === undefined) continue;
        delta[name] = value - previous[name];
        previous[name] = value;
      }
      for (const period of periods) {
        for (const network of [snapshot.network, 'all'] as const) {
          const row = rowFor(period, snapshot.at, network);
          for (const name of COUNTER_NAMES) row[name] += delta[name];
        }
      }
    }
  }

  for (const bucket of mentionBuckets) {
    for (const period of periods) {
      for (const network of [bucket.network, 'all'] as const) {
        const row = rowFor(period, bucket.bucketStart, network);
        row.mentions += bucket.counts.total;
        row.negativeMentions += bucket.counts.negative;
        row.neutralMentions += bucket.counts.neutral;
        row.positiveMentions += bucket.counts.positive;
      }
    }
  }

  for (const row of rows.values()) {
    row.engagements = engagementsOf(row);
    row.engagementRateByReach = ratePercent(row.engagements, row.reach);
    row.clickThroughRate = ratePercent(row.clicks, row.impressions);
    row.negativeShare = ratePercent(row.negativeMentions, row.mentions);
    row.netSentiment = ratePercent(row.positiveMentions - row.negativeMentions, row.mentions);
  }
  return [...rows.values()].sort(
    (a, b) =>
      a.period.localeCompare(b.period) ||
      a.start.localeCompare(b.start) ||
      a.network.localeCompare(b.network),
  );
}
