import { describe, expect, it } from 'vitest';
import { computeRollups, postLifetimes } from '../../../../shared/domain/metrics/rollup.ts';
import { deliveries, TIME_ZONE } from './fixture.ts';
import { rawInputOf } from './fixture-input.ts';

const input = rawInputOf(deliveries);
const rows = computeRollups(input, TIME_ZONE);
const row = (
  period: string,
  start: string,
  network: string,
  dimension: { pillar?: string; campaign?: string } = {},
) =>
  rows.find(
    (r) =>
      r.period === period &&
      r.start === start &&
      r.network === network &&
      r.pillar === dimension.pillar &&
      r.campaign === dimension.campaign,
  );

describe('the hand-computed fixture (full recompute)', () => {
  it('gives Instagram’s 2 March (Paris) from the post, the account and the mentions', () => {
    // pA: s1 (09:10) from zero + s2 − s1 (10:10); s3 (00:30 on the 3rd) is the next day.
    expect(row('day', '2026-03-02', 'instagram')).toEqual({
      period: 'day',
      start: '2026-03-02',
      network: 'instagram',
      impressions: 250,
      reach: 190,
      likes: 22,
      comments: 5,
      shares: 2,
      saves: 3,
      clicks: 9,
      videoViews: 120,
      watchTimeSeconds: 800,
      engagements: 32,
      engagementRateByReach: 16.84, // 32 / 190
      engagementRateByFollowers: 3.11, // 32 / 1030
      followers: 1030, // a3, the last reading before midnight
      followerGrowth: 30, // a1 (1000) was the last reading before the day
      followerGrowthPercent: 3,
      profileViews: 60, // the day's counter read last at 60 (a3)
      clickThroughRate: 3.6, // 9 / 250
      postsPublished: 1, // pA, published at 09:00 through Vigie
      mentions: 10,
      negativeMentions: 2,
      neutralMentions: 5,
      positiveMentions: 3,
      negativeShare: 20,
      neutralShare: 50,
      positiveShare: 30,
      netSentiment: 10,
      brandMentions: 10,
      competitorMentions: 0,
      shareOfVoice: null,
      responseTimeMedianMinutes: null,
      responseTimeP90Minutes: null,
    });
  });

  it('sums the networks into "all", followers of the networks with an account', () => {
    expect(row('day', '2026-03-02', 'all')).toMatchObject({
      impressions: 750,
      reach: 590,
      engagements: 82,
      engagementRateByReach: 13.9, // 82 / 590 = 13.898…
      engagementRateByFollowers: 7.96, // 82 / 1030
      followers: 1030,
      clickThroughRate: 3.87, // 29 / 750
      postsPublished: 2,
      mentions: 14,
      negativeMentions: 6,
      negativeShare: 42.86, // 6 / 14
      neutralShare: 35.71,
      positiveShare: 21.43,
      netSentiment: -21.43, // (3 − 6) / 14
    });
    expect(row('day', '2026-03-02', 'facebook')).toMatchObject({
      engagements: 50,
      engagementRateByReach: 12.5,
      followers: null,
      followerGrowth: null,
      engagementRateByFollowers: null,
    });
  });

  it('keeps the unlike as a negative growth and the follower loss of the 3rd', () => {
    expect(row('day', '2026-03-03', 'instagram')).toMatchObject({
      impressions: 150,
      likes: -1, // 21 − 22
      comments: 1,
      saves: 1,
      engagements: 1,
      followers: 1025,
      followerGrowth: -5,
      followerGrowthPercent: -0.49, // −5 / 1030
      profileViews: 15, // a new local day: the counter restarted
    });
  });

  it('rolls up pillars and campaigns from the post link, or the snapshot when there is no link', () => {
    expect(row('day', '2026-03-02', 'instagram', { pillar: 'produit' })).toMatchObject({
      impressions: 250,
      engagements: 32,
      followers: null, // followers are the account's, not the pillar's
      engagementRateByFollowers: null,
      profileViews: 0,
      mentions: 0,
      postsPublished: 1,
    });
    expect(row('month', '2026-03-01', 'all', { campaign: 'printemps' })).toMatchObject({
      impressions: 400,
      likes: 21,
      engagements: 33,
    });
    expect(row('month', '2026-03-01', 'facebook', { pillar: 'coulisses' })).toMatchObject({
      impressions: 700,
    });
  });

  it('puts the hours in local time and the weeks from Monday', () => {
    expect(row('hour', '2026-03-02T09:00', 'instagram')).toMatchObject({
      impressions: 100,
      postsPublished: 1,
    });
    expect(row('hour', '2026-03-02T10:00', 'instagram')).toMatchObject({ impressions: 150, mentions: 10 });
    // 1 March 2026 is a Sunday: a1 (23:30 local) belongs to the week of 23 February.
    expect(row('week', '2026-02-23', 'instagram')).toMatchObject({ profileViews: 40, followers: 1000 });
    expect(row('week', '2026-03-02', 'all')).toMatchObject({
      impressions: 1100,
      followers: 1025,
      followerGrowth: 25,
    });
  });

  it('gives the month the posts’ lifetime totals, whatever arrived late or twice', () => {
    expect(row('month', '2026-03-01', 'all')).toMatchObject({
      impressions: 1100, // 400 + 700: the latest lifetime values
      reach: 820,
      likes: 61,
      watchTimeSeconds: 1500,
      followers: 1025,
      followerGrowth: 25, // no reading before March: the month's first (a1, 1000) is the baseline
      followerGrowthPercent: 2.5,
      profileViews: 40 + 60 + 15,
      postsPublished: 2,
    });
  });

  it('ranks the posts in their month by engagement rate by reach', () => {
    const posts = postLifetimes(input.snapshots, TIME_ZONE, input.links);
    expect(posts.map((p) => [p.postId, p.engagementRateByReach, p.rank, p.pillar, p.campaign])).toEqual([
      ['pB', 12.31, 1, 'coulisses', undefined], // (40 + 12 + 6 + 6) / 520
      ['pA', 11, 2, 'produit', 'printemps'], // (21 + 6 + 2 + 4) / 300
    ]);
  });
});
