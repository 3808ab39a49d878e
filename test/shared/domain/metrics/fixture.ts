import type { BucketDelta } from '../../../../shared/domain/crisis/buckets.ts';
import type { PostLink } from '../../../../shared/domain/metrics/rollup.ts';
import type { AccountSnapshot, MetricsSnapshot } from '../../../../shared/events/catalog.ts';
import type { Delivery } from './scenario.ts';

/**
 * Two posts and the brand's Instagram account over 1–3 March 2026 in Paris (UTC+1), with a
 * re-delivered snapshot, a late one (s1 after s2), an unlike (s3), a late account reading (a3
 * after a4), a post link that arrives after the first snapshot, and a late mention bucket.
 */
export const TIME_ZONE = 'Europe/Paris';

const post = (
  id: string,
  at: string,
  counters: MetricsSnapshot['counters'],
  extra: Partial<MetricsSnapshot> = {},
) => ({ id, at, network: 'instagram', postId: 'pA', counters, ...extra }) satisfies MetricsSnapshot;

export const s1 = post('s1', '2026-03-02T08:10:00Z', {
  impressions: 100,
  reach: 80,
  likes: 10,
  comments: 2,
  shares: 1,
  saves: 0,
  clicks: 4,
  videoViews: 50,
  watchTimeSeconds: 300,
});
export const s2 = post('s2', '2026-03-02T09:10:00Z', {
  impressions: 250,
  reach: 190,
  likes: 22,
  comments: 5,
  shares: 2,
  saves: 3,
  clicks: 9,
  videoViews: 120,
  watchTimeSeconds: 800,
});
export const s3 = post('s3', '2026-03-02T23:30:00Z', {
  impressions: 400,
  reach: 300,
  likes: 21,
  comments: 6,
  shares: 2,
  saves: 4,
  clicks: 12,
  videoViews: 200,
  watchTimeSeconds: 1500,
});
export const b1: MetricsSnapshot = {
  id: 'b1',
  at: '2026-03-02T12:00:00Z',
  network: 'facebook',
  postId: 'pB',
  pillar: 'coulisses',
  counters: { impressions: 500, reach: 400, likes: 30, comments: 10, shares: 5, saves: 5, clicks: 20 },
};
export const b2: MetricsSnapshot = {
  id: 'b2',
  at: '2026-03-03T12:00:00Z',
  network: 'facebook',
  postId: 'pB',
  counters: { impressions: 700, reach: 520, likes: 40, comments: 12, shares: 6, saves: 6, clicks: 25 },
};

const account = (id: string, at: string, followers: number, profileViews: number): AccountSnapshot => ({
  id,
  at,
  network: 'instagram',
  accountId: 'acc-ig',
  followers,
  profileViews,
});
export const a1 = account('a1', '2026-03-01T22:30:00Z', 1000, 40);
export const a2 = account('a2', '2026-03-02T10:00:00Z', 1010, 25);
export const a3 = account('a3', '2026-03-02T22:00:00Z', 1030, 60);
export const a4 = account('a4', '2026-03-03T10:00:00Z', 1025, 15);

export const linkA: PostLink = {
  publicationId: 'pub-1',
  pillar: 'produit',
  campaign: 'printemps',
  publishedAt: '2026-03-02T08:00:00Z',
};

export const mentionsIg: BucketDelta = {
  bucketStart: '2026-03-02T09:00:00.000Z',
  network: 'instagram',
  counts: { total: 10, negative: 2, neutral: 5, positive: 3, negativeReach: 0 },
};
export const mentionsX: BucketDelta = {
  bucketStart: '2026-03-02T22:55:00.000Z',
  network: 'x',
  counts: { total: 4, negative: 4, neutral: 0, positive: 0, negativeReach: 0 },
};

export const deliveries: Delivery[] = [
  { kind: 'account', snapshot: a1, arrivesAt: '2026-03-01T22:31:00Z' },
  { kind: 'post', snapshot: s2, arrivesAt: '2026-03-02T09:11:00Z' },
  { kind: 'mentions', bucket: mentionsIg, arrivesAt: '2026-03-02T09:06:00Z' },
  { kind: 'link', network: 'instagram', postId: 'pA', link: linkA, arrivesAt: '2026-03-02T09:30:00Z' },
  { kind: 'account', snapshot: a2, arrivesAt: '2026-03-02T10:01:00Z' },
  // s1 is late: read at 08:10, delivered after s2 and after two rollup runs.
  { kind: 'post', snapshot: s1, arrivesAt: '2026-03-02T11:20:00Z' },
  { kind: 'post', snapshot: s2, arrivesAt: '2026-03-02T11:21:00Z' },
  { kind: 'post', snapshot: b1, arrivesAt: '2026-03-02T12:01:00Z' },
  { kind: 'mentions', bucket: mentionsX, arrivesAt: '2026-03-02T23:50:00Z' },
  { kind: 'post', snapshot: s3, arrivesAt: '2026-03-02T23:31:00Z' },
  { kind: 'account', snapshot: a4, arrivesAt: '2026-03-03T10:01:00Z' },
  // a3 is late too: read at 22:00 on the 2nd, delivered the next day after a4.
  { kind: 'account', snapshot: a3, arrivesAt: '2026-03-03T10:30:00Z' },
  { kind: 'post', snapshot: b2, arrivesAt: '2026-03-03T12:01:00Z' },
  { kind: 'post', snapshot: b2, arrivesAt: '2026-03-03T12:02:00Z' },
];

export const RANGE = { from: '2026-03-01T21:00:00Z', to: '2026-03-03T14:00:00Z' };
