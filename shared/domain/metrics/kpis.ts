import { COUNTER_NAMES, type CounterName } from '../../events/catalog.ts';

/**
 * Every KPI Vigie computes, defined once: its field name, unit, version and formula. Rollups, the
 * read API, replay's kpis.json, worry lines and the monthly report all read these. A formula that
 * changes gets a new version (and a line in docs/kpis.md), so periods and networks stay comparable.
 */

export type Counters = Record<CounterName, number>;

/**
 * What a period is made of. The additive part sums across hours, days and networks; followers are
 * levels read at the period's end (and at the end of the previous period, for growth); response
 * times are samples (not additive).
 */
export interface KpiInputs {
  counters: Counters;
  /** Profile views during the period. */
  profileViews: number;
  postsPublished: number;
  mentions: { total: number; negative: number; neutral: number; positive: number };
  brandMentions: number;
  competitorMentions: number;
  /** Followers at the period's end; null when no account snapshot is known by then. */
  followers: number | null;
  /** Followers at the end of the previous period (or at the period's first snapshot); growth baseline. */
  followersAtStart: number | null;
  /** Minutes from an incoming comment to the brand's reply, for replies made in the period. */
  responseTimesMinutes: readonly number[];
}

export type KpiUnit = 'count' | 'percent' | 'seconds' | 'minutes';

export interface KpiDefinition<Value extends number | null = number | null> {
  unit: KpiUnit;
  version: number;
  /** The formula in words (docs/kpis.md says the same). */
  formula: string;
  compute(inputs: KpiInputs): Value;
}

/** Percentage with 2 decimals; null when the denominator is 0 (or unknown). */
export function ratePercent(numerator: number, denominator: number | null): number | null {
  if (!denominator) return null;
  return round2((numerator / denominator) * 100);
}

function round2(value: number): number {
  // `+ 0` turns a rounded -0 into 0.
  return Math.round(value * 100) / 100 + 0;
}

export function engagementsOf(c: Pick<Counters, 'likes' | 'comments' | 'shares' | 'saves'>): number {
  return c.likes + c.comments + c.shares + c.saves;
}

/** Median of the samples (mean of the two middle ones for an even count), 2 decimals; null without samples. */
export function median(samples: readonly number[]): number | null {
  if (!samples.length) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return round2(sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2);
}

/** Nearest-rank percentile: the smallest sample with at least p% of the samples at or below it. */
export function percentile(samples: readonly number[], p: number): number | null {
  if (!samples.length) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  return round2(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!);
}

const counter = (name: CounterName, formula: string): KpiDefinition<number> => ({
  unit: name === 'watchTimeSeconds' ? 'seconds' : 'count',
  version: 1,
  formula,
  compute: (inputs) => inputs.counters[name],
});

const growth = (inputs: KpiInputs): number | null =>
  inputs.followers === null || inputs.followersAtStart === null
    ? null
    : inputs.followers - inputs.followersAtStart;

const engagements = (inputs: KpiInputs): number => engagementsOf(inputs.counters);
const COUNTER_FORMULA = 'growth of the posts’ lifetime counter during the period';

export const KPI_DEFINITIONS = {
  impressions: counter('impressions', COUNTER_FORMULA),
  reach: counter('reach', `${COUNTER_FORMULA} (sum over posts: accounts reached by each post)`),
  likes: counter('likes', COUNTER_FORMULA),
  comments: counter('comments', COUNTER_FORMULA),
  shares: counter('shares', COUNTER_FORMULA),
  saves: counter('saves', COUNTER_FORMULA),
  clicks: counter('clicks', COUNTER_FORMULA),
  videoViews: counter('videoViews', COUNTER_FORMULA),
  watchTimeSeconds: counter('watchTimeSeconds', COUNTER_FORMULA),
  engagements: {
    unit: 'count',
    version: 1,
    formula: 'likes + comments + shares + saves',
    compute: engagements,
  },
  engagementRateByReach: {
    unit: 'percent',
    version: 1,
    formula: 'engagements / reach × 100',
    compute: (inputs) => ratePercent(engagements(inputs), inputs.counters.reach),
  },
  engagementRateByFollowers: {
    unit: 'percent',
    version: 1,
    formula: 'engagements / followers at the period’s end × 100',
    compute: (inputs) => ratePercent(engagements(inputs), inputs.followers),
  },
  followers: {
    unit: 'count',
    version: 1,
    formula:
      'followers at the period’s end (latest account snapshot by then; summed over networks for "all")',
    compute: (inputs) => inputs.followers,
  },
  followerGrowth: {
    unit: 'count',
    version: 1,
    formula: 'followers at the period’s end − followers at the previous period’s end',
    compute: growth,
  },
  followerGrowthPercent: {
    unit: 'percent',
    version: 1,
    formula: 'followerGrowth / followers at the previous period’s end × 100',
    compute: (inputs) => {
      const value = growth(inputs);
      return value === null ? null : ratePercent(value, inputs.followersAtStart);
    },
  },
  profileViews: {
    unit: 'count',
    version: 1,
    formula: 'profile views during the period',
    compute: (inputs) => inputs.profileViews,
  },
  clickThroughRate: {
    unit: 'percent',
    version: 1,
    formula: 'clicks / impressions × 100',
    compute: (inputs) => ratePercent(inputs.counters.clicks, inputs.counters.impressions),
  },
  postsPublished: {
    unit: 'count',
    version: 1,
    formula: 'posts whose publication time falls in the period',
    compute: (inputs) => inputs.postsPublished,
  },
  mentions: {
    unit: 'count',
    version: 1,
    formula: 'mentions received in the period',
    compute: (inputs) => inputs.mentions.total,
  },
  negativeMentions: {
    unit: 'count',
    version: 1,
    formula: 'mentions labelled negative',
    compute: (inputs) => inputs.mentions.negative,
  },
  neutralMentions: {
    unit: 'count',
    version: 1,
    formula: 'mentions labelled neutral',
    compute: (inputs) => inputs.mentions.neutral,
  },
  positiveMentions: {
    unit: 'count',
    version: 1,
    formula: 'mentions labelled positive',
    compute: (inputs) => inputs.mentions.positive,
  },
  negativeShare: {
    unit: 'percent',
    version: 1,
    formula: 'negativeMentions / mentions × 100',
    compute: (inputs) => ratePercent(inputs.mentions.negative, inputs.mentions.total),
  },
  neutralShare: {
    unit: 'percent',
    version: 1,
    formula: 'neutralMentions / mentions × 100',
    compute: (inputs) => ratePercent(inputs.mentions.neutral, inputs.mentions.total),
  },
  positiveShare: {
    unit: 'percent',
    version: 1,
    formula: 'positiveMentions / mentions × 100',
    compute: (inputs) => ratePercent(inputs.mentions.positive, inputs.mentions.total),
  },
  netSentiment: {
    unit: 'percent',
    version: 1,
    formula: '(positiveMentions − negativeMentions) / mentions × 100',
    compute: (inputs) =>
      ratePercent(inputs.mentions.positive - inputs.mentions.negative, inputs.mentions.total),
  },
  brandMentions: {
    unit: 'count',
    version: 1,
    formula: 'mentions of the brand',
    compute: (inputs) => inputs.brandMentions,
  },
  competitorMentions: {
    unit: 'count',
    version: 1,
    formula: 'mentions of the tracked competitors',
    compute: (inputs) => inputs.competitorMentions,
  },
  shareOfVoice: {
    unit: 'percent',
    version: 1,
    formula: 'brandMentions / (brandMentions + competitorMentions) × 100; null without competitor mentions',
    compute: (inputs) =>
      inputs.competitorMentions > 0
        ? ratePercent(inputs.brandMentions, inputs.brandMentions + inputs.competitorMentions)
        : null,
  },
  responseTimeMedianMinutes: {
    unit: 'minutes',
    version: 1,
    formula: 'median of the minutes from an incoming comment to the brand’s reply',
    compute: (inputs) => median(inputs.responseTimesMinutes),
  },
  responseTimeP90Minutes: {
    unit: 'minutes',
    version: 1,
    formula: '90th percentile (nearest rank) of the same response times',
    compute: (inputs) => percentile(inputs.responseTimesMinutes, 90),
  },
} as const satisfies Record<string, KpiDefinition>;

export type KpiName = keyof typeof KPI_DEFINITIONS;
export type KpiValues = { [Name in KpiName]: ReturnType<(typeof KPI_DEFINITIONS)[Name]['compute']> };
export const KPI_NAMES = Object.keys(KPI_DEFINITIONS) as KpiName[];

export function isKpiName(name: string): name is KpiName {
  return Object.hasOwn(KPI_DEFINITIONS, name);
}

export function computeKpis(inputs: KpiInputs): KpiValues {
  return Object.fromEntries(
    KPI_NAMES.map((name) => [name, KPI_DEFINITIONS[name].compute(inputs)]),
  ) as KpiValues;
}

export function zeroCounters(): Counters {
  return Object.fromEntries(COUNTER_NAMES.map((name) => [name, 0])) as Counters;
}
