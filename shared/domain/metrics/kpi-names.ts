import type { KpiName } from './kpis.ts';

/**
 * The KPI names of kpis.ts as a plain list, for the client configuration's validation of worry
 * lines: the configuration cannot import kpis.ts at run time (kpis → events catalog → configuration
 * would be a cycle). A test keeps the two lists equal.
 */
export const KPI_FIELD_NAMES = [
  'impressions',
  'reach',
  'likes',
  'comments',
  'shares',
  'saves',
  'clicks',
  'videoViews',
  'watchTimeSeconds',
  'engagements',
  'engagementRateByReach',
  'engagementRateByFollowers',
  'followers',
  'followerGrowth',
  'followerGrowthPercent',
  'profileViews',
  'clickThroughRate',
  'postsPublished',
  'mentions',
  'negativeMentions',
  'neutralMentions',
  'positiveMentions',
  'negativeShare',
  'neutralShare',
  'positiveShare',
  'netSentiment',
  'brandMentions',
  'competitorMentions',
  'shareOfVoice',
  'responseTimeMedianMinutes',
  'responseTimeP90Minutes',
] as const satisfies readonly KpiName[];
