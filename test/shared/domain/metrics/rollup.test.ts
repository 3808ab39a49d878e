import { describe, expect, it } from 'vitest';
import type { BucketDelta } from '../../../../shared/domain/crisis/buckets.ts';
import { computeRollups, periodStart, postLifetimes } from '../../../../shared/domain/metrics/rollup.ts';
import type { MetricsSnapshot } from '../../../../shared/events/catalog.ts';

const snap = (
  id: string,
  at: string,
  counters: MetricsSnapshot['counters'],
  postId = 'p1',
): MetricsSnapshot => ({
  id,
  at,
  network: 'instagram',
  postId,
  counters,
});

// Post p1, read three times across a Paris midnight (23:30 UTC on 1 March is 00:30 on 2 March in Paris),
// once re-delivered, and with one unlike between the last two readings.
const snapshots = [
  snap('s1', '2026-03-01T12:00:00Z', {
    impressions: 100,
    reach: 80,
    likes: 10,
    comments: 2,
    shares: 1,
    saves: 0,
    clicks: 4,
  }),
  snap('s2', '2026-03-01T23:30:00Z', {
    impressions: 300,
    reach: 200,
    likes: 25,
    comments: 5,
    shares: 2,
    saves: 3,
    clicks: 9,
  }),
  snap('s3', '2026-03-02T08:00:00Z', {
    impressions: 350,
    reach: 230,
    likes: 24,
    comments: 6,
    shares: 2,
    saves: 3,
    clicks: 10,
  }),
  snap('s2', '2026-03-01T23:30:00Z', {
    impressions: 300,
    reach: 200,
    likes: 25,
    comments: 5,
    shares: 2,
    saves: 3,
    clicks: 9,
  }),
];

describe('periods in the client’s time zone', () => {
  it('puts an instant in its local day and month', () => {
    expect(periodStart('2026-03-01T23:30:00Z', 'day', 'Europe/Paris')).toBe('2026-03-02');
    expect(periodStart('2026-03-31T22:30:00Z', 'month', 'Europe/Paris')).toBe('2026-04-01');
    expect(periodStart('2026-03-31T22:30:00Z', 'month', 'UTC')).toBe('2026-03-01');
  });
});

describe('post lifetimes', () => {
  it('keeps the latest value of each counter, whatever the delivery order', () => {
    const [post] = postLifetimes([...snapshots].reverse());
    expect(post).toMatchObject({
      postId: 'p1',
      impressions: 350,
      reach: 230,
      likes: 24,
      comments: 6,
      saves: 3,
    });
    // (24 + 6 + 2 + 3) / 230 × 100 = 15.217… → 15.22
    expect(post!.engagementRateByReach).toBe(15.22);
  });
});

describe('rollups (full recompute)', () => {
  const mentions: BucketDelta[] = [
    {
      bucketStart: '2026-03-01T10:00:00.000Z',
      network: 'x',
      counts: { total: 10, negative: 2, neutral: 5, positive: 3, negativeReach: 0 },
    },
    {
      bucketStart: '2026-03-01T23:10:00.000Z',
      network: 'x',
      counts: { total: 4, negative: 4, neutral: 0, positive: 0, negativeReach: 0 },
    },
  ];
  const rows = computeRollups({ snapshots, mentionBuckets: mentions }, 'Europe/Paris');
  const row = (period: string, start: string, network: string) =>
    rows.find((r) => r.period === period && r.start === start && r.network === network);

  it('attributes growth to the local day it happened in, duplicates ignored', () => {
    // 1 March (Paris): only s1 → its counters from zero.
    expect(row('day', '2026-03-01', 'instagram')).toMatchObject({
      impressions: 100,
      reach: 80,
      likes: 10,
      engagements: 13,
    });
    // 2 March (Paris): s2 − s1 and s3 − s2, the unlike included: likes 15 − 1 = 14.
    expect(row('day', '2026-03-02', 'instagram')).toMatchObject({
      impressions: 250,
      reach: 150,
      likes: 14,
      comments: 4,
      saves: 3,
    });
  });

  it('sums days into the month and networks into "all"', () => {
    const month = row('month', '2026-03-01', 'all')!;
    expect(month).toMatchObject({
      impressions: 350,
      reach: 230,
      likes: 24,
      clicks: 10,
      mentions: 14,
      negativeMentions: 6,
    });
    expect(month.engagementRateByReach).toBe(15.22);
    expect(month.clickThroughRate).toBe(2.86); // 10 / 350
    expect(month.negativeShare).toBe(42.86); // 6 / 14
    expect(month.netSentiment).toBe(-21.43); // (3 − 6) / 14
  });

  it('counts mentions in the local day of their bucket', () => {
    expect(row('day', '2026-03-01', 'x')).toMatchObject({
      mentions: 10,
      negativeMentions: 2,
      positiveMentions: 3,
    });
    expect(row('day', '2026-03-02', 'x')).toMatchObject({
      mentions: 4,
      negativeMentions: 4,
      negativeShare: 100,
    });
  });

  it('does not depend on delivery order', () => {
    expect(
      computeRollups({ snapshots: [...snapshots].reverse(), mentionBuckets: mentions }, 'Europe/Paris'),
    ).toEqual(rows);
  });
});
