import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  computeKpis,
  KPI_DEFINITIONS,
  KPI_NAMES,
  type KpiInputs,
  median,
  percentile,
  ratePercent,
  zeroCounters,
} from '../../../../shared/domain/metrics/kpis.ts';

const inputs = (overrides: Partial<KpiInputs> = {}): KpiInputs => ({
  counters: {
    ...zeroCounters(),
    impressions: 1200,
    reach: 800,
    likes: 40,
    comments: 7,
    shares: 3,
    saves: 6,
    clicks: 18,
    videoViews: 500,
    watchTimeSeconds: 3600,
  },
  profileViews: 90,
  postsPublished: 2,
  mentions: { total: 30, negative: 9, neutral: 12, positive: 9 },
  brandMentions: 30,
  competitorMentions: 0,
  followers: 2050,
  followersAtStart: 2000,
  responseTimesMinutes: [],
  ...overrides,
});

describe('the KPI formulas', () => {
  it('computes every KPI of a period by hand', () => {
    expect(computeKpis(inputs())).toEqual({
      impressions: 1200,
      reach: 800,
      likes: 40,
      comments: 7,
      shares: 3,
      saves: 6,
      clicks: 18,
      videoViews: 500,
      watchTimeSeconds: 3600,
      engagements: 56, // 40 + 7 + 3 + 6
      engagementRateByReach: 7, // 56 / 800
      engagementRateByFollowers: 2.73, // 56 / 2050 = 2.7317…
      followers: 2050,
      followerGrowth: 50,
      followerGrowthPercent: 2.5, // 50 / 2000
      profileViews: 90,
      clickThroughRate: 1.5, // 18 / 1200
      postsPublished: 2,
      mentions: 30,
      negativeMentions: 9,
      neutralMentions: 12,
      positiveMentions: 9,
      negativeShare: 30,
      neutralShare: 40,
      positiveShare: 30,
      netSentiment: 0,
      brandMentions: 30,
      competitorMentions: 0,
      shareOfVoice: null, // no competitor mentions
      responseTimeMedianMinutes: null, // no replies
      responseTimeP90Minutes: null,
    });
  });

  it('gives null, not a division by zero, when a denominator is 0 or unknown', () => {
    const kpis = computeKpis(
      inputs({
        counters: zeroCounters(),
        mentions: { total: 0, negative: 0, neutral: 0, positive: 0 },
        followers: null,
        followersAtStart: null,
      }),
    );
    expect(kpis).toMatchObject({
      engagementRateByReach: null,
      engagementRateByFollowers: null,
      clickThroughRate: null,
      negativeShare: null,
      netSentiment: null,
      followerGrowth: null,
      followerGrowthPercent: null,
    });
    expect(computeKpis(inputs({ followersAtStart: 0, followers: 10 })).followerGrowthPercent).toBeNull();
  });

  it('computes share of voice against competitor mentions, and response times from replies', () => {
    const kpis = computeKpis(
      inputs({ brandMentions: 30, competitorMentions: 70, responseTimesMinutes: [5, 60, 12, 240, 30] }),
    );
    expect(kpis.shareOfVoice).toBe(30);
    expect(kpis.responseTimeMedianMinutes).toBe(30);
    expect(kpis.responseTimeP90Minutes).toBe(240); // nearest rank: ceil(0.9 × 5) = 5th
  });

  it('rounds percentages to 2 decimals, negative ones too, never to -0', () => {
    expect(ratePercent(1, 3)).toBe(33.33);
    expect(ratePercent(-3, 14)).toBe(-21.43);
    expect(Object.is(ratePercent(-1, 1_000_000), 0)).toBe(true);
    expect(median([1, 2, 3, 10])).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(median([])).toBeNull();
  });

  it('documents every KPI with its unit and version in docs/kpis.md', () => {
    const doc = readFileSync('docs/kpis.md', 'utf8');
    for (const name of KPI_NAMES) {
      const { unit, version } = KPI_DEFINITIONS[name];
      expect(doc, name).toMatch(new RegExp(`\\| \`${name}\` \\| ${unit} \\| ${version} \\|`));
    }
  });
});
