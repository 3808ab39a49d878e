import type { Network } from '../../config/client-config.ts';
import { addMonths, daysOfMonth, localDateTime, weekdayOf } from './calendar.ts';
import type { Language } from './kpi-labels.ts';
import { kpiUnit } from './kpi-labels.ts';
import type { KpiName } from './kpis.ts';
import {
  evaluateWorryLines,
  type KpiRow,
  type RollupReader,
  type WorryLine,
  type WorryLineCrossing,
} from './worry-lines.ts';

/**
 * The monthly report as data: what the email and the HTML file show, computed from the rollups
 * and the per-post metrics of the month and the month before. Pure; rendering is report-html.ts.
 */

/** A post's lifetime metrics, as far as the report needs them (posts.json, the post store). */
export interface ReportPost {
  postId: string;
  network: Network;
  reach: number;
  impressions?: number;
  likes?: number;
  comments?: number;
  shares?: number;
  saves?: number;
  engagementRateByReach: number | null;
  pillar?: string;
  campaign?: string;
  format?: string;
  publishedAt?: string;
  /** When the publication time is unknown, the post counts in the month it was last measured. */
  lastSnapshotAt?: string;
  permalink?: string;
}

/** The read side of the per-post metrics: the posts of local months (`YYYY-MM`), as the post metrics store lists them. */
export interface PostReader {
  ofMonths(months: readonly string[]): Promise<ReportPost[]>;
}

export interface MonthlyReportInput {
  /** `YYYY-MM`. */
  month: string;
  brand: string;
  language: Language;
  timeZone: string;
  /** Rollups covering the month and the month before (hour, day, week and month rows; extra rows are ignored). */
  rollups: readonly KpiRow[];
  posts: readonly ReportPost[];
  worryLines: readonly WorryLine[];
  /** Alerts (alerts.jsonl, the alert store): those sent during the local month are counted by kind. */
  alerts?: readonly { kind: string; at: string }[];
}

export interface KpiComparison {
  kpi: KpiName;
  value: number | null;
  previous: number | null;
  /** value − previous (percentage points for % KPIs), 2 decimals. */
  change: number | null;
  /** Relative change in %, for counts and durations only (null for % KPIs and from zero). */
  changePercent: number | null;
}

export interface WorryLineReview {
  line: WorryLine;
  /** Periods of the line's kind in the month that have a value. */
  periods: number;
  crossings: WorryLineCrossing[];
}

export interface DailyPoint {
  date: string;
  reach: number | null;
  engagementRateByReach: number | null;
  negativeMentions: number;
  neutralMentions: number;
  positiveMentions: number;
}

export interface NetworkComparison {
  network: Network;
  reach: number;
  impressions: number;
  engagements: number;
  engagementRateByReach: number | null;
  previousEngagementRateByReach: number | null;
  mentions: number;
  netSentiment: number | null;
}

export interface RankedPost extends ReportPost {
  engagements: number;
  /** Local hour of publication (0–23), when known. */
  hour?: number;
}

export interface SharedTrait {
  value: string;
  count: number;
}

export interface BestHour {
  /** 0 = Monday. */
  weekday: number;
  hour: number;
  /** Average engagements in that hour of the week (hourly rollups), or average engagement rate of the posts published then. */
  score: number;
}

export interface MonthlyReport {
  month: string;
  previousMonth: string;
  brand: string;
  language: Language;
  timeZone: string;
  kpis: KpiComparison[];
  worryLines: WorryLineReview[];
  daily: DailyPoint[];
  sentiment: {
    mentions: number;
    negative: number;
    neutral: number;
    positive: number;
    negativeShare: number | null;
    neutralShare: number | null;
    positiveShare: number | null;
    netSentiment: number | null;
  };
  networks: NetworkComparison[];
  /** Posts need at least this reach to be ranked (half the month's median reach, and at least 50). */
  minimumReach: number;
  postsOfMonth: number;
  topPosts: RankedPost[];
  /** What the top posts have in common (a value shared by at least two of them). */
  topPostsShare: { format?: SharedTrait; pillar?: SharedTrait; hour?: SharedTrait };
  postsToRework: RankedPost[];
  bestHours: { source: 'hourly-engagement' | 'posts' | 'none'; hours: BestHour[]; grid: number[] };
  alerts: Record<string, number>;
}

/** The KPIs of the summary table, in this order; those without a value in either month are left out. */
export const REPORT_KPIS: readonly KpiName[] = [
  'impressions',
  'reach',
  'engagements',
  'engagementRateByReach',
  'engagementRateByFollowers',
  'followers',
  'followerGrowth',
  'clicks',
  'clickThroughRate',
  'videoViews',
  'postsPublished',
  'mentions',
  'negativeShare',
  'netSentiment',
  'shareOfVoice',
  'responseTimeMedianMinutes',
  'responseTimeP90Minutes',
];

export const TOP_POSTS = 5;
export const POSTS_TO_REWORK = 3;
export const MINIMUM_REACH_FLOOR = 50;
export const BEST_HOURS = 3;

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function isOverall(row: KpiRow): boolean {
  return row.pillar === undefined && row.campaign === undefined;
}

function median(values: readonly number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function mostShared(values: readonly (string | undefined)[]): SharedTrait | undefined {
  const counts = new Map<string, number>();
  for (const value of values) if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
  const [best] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return best && best[1] >= 2 ? { value: best[0], count: best[1] } : undefined;
}

function compare(kpi: KpiName, current: KpiRow | undefined, previous: KpiRow | undefined): KpiComparison {
  const value = current?.[kpi] ?? null;
  const before = previous?.[kpi] ?? null;
  const change = value !== null && before !== null ? round2(value - before) : null;
  const relative =
    kpiUnit(kpi) !== 'percent' && change !== null && before ? round2((change / before) * 100) : null;
  return { kpi, value, previous: before, change, changePercent: relative };
}

function postMonth(post: ReportPost, timeZone: string): string | undefined {
  const at = post.publishedAt ?? post.lastSnapshotAt;
  return at ? localDateTime(at, timeZone).date.slice(0, 7) : undefined;
}

function ranked(post: ReportPost, timeZone: string): RankedPost {
  const engagements = (post.likes ?? 0) + (post.comments ?? 0) + (post.shares ?? 0) + (post.saves ?? 0);
  return {
    ...post,
    engagements,
    ...(post.publishedAt ? { hour: localDateTime(post.publishedAt, timeZone).hour } : {}),
  };
}

/**
 * Best hours to publish. From hourly rollups: the engagements that happen in each hour of the week,
 * averaged over that hour's occurrences in the month (when the audience engages). Without hourly
 * rows: the average engagement rate of the posts (with enough reach) published in that local hour
 * of the week.
 */
function bestHours(
  hourRows: readonly KpiRow[],
  posts: readonly RankedPost[],
  month: string,
  timeZone: string,
): MonthlyReport['bestHours'] {
  const grid = new Array<number>(168).fill(0);
  if (hourRows.length) {
    const occurrences = new Array<number>(168).fill(0);
    for (const day of daysOfMonth(month))
      for (let hour = 0; hour < 24; hour++) occurrences[weekdayOf(day) * 24 + hour]! += 1;
    for (const row of hourRows) {
      const slot = weekdayOf(row.start.slice(0, 10)) * 24 + Number(row.start.slice(11, 13));
      grid[slot]! += row.engagements ?? 0;
    }
    for (let slot = 0; slot < 168; slot++)
      grid[slot] = occurrences[slot] ? round2(grid[slot]! / occurrences[slot]!) : 0;
    return { source: 'hourly-engagement', hours: topSlots(grid), grid };
  }
  const sums = new Map<number, { total: number; count: number }>();
  for (const post of posts) {
    if (!post.publishedAt || post.engagementRateByReach === null) continue;
    const local = localDateTime(post.publishedAt, timeZone);
    const slot = weekdayOf(local.date) * 24 + local.hour;
    const sum = sums.get(slot) ?? { total: 0, count: 0 };
    sum.total += post.engagementRateByReach;
    sum.count += 1;
    sums.set(slot, sum);
  }
  if (!sums.size) return { source: 'none', hours: [], grid };
  for (const [slot, sum] of sums) grid[slot] = round2(sum.total / sum.count);
  return { source: 'posts', hours: topSlots(grid), grid };
}

function topSlots(grid: readonly number[]): BestHour[] {
  return grid
    .map((score, slot) => ({ weekday: Math.floor(slot / 24), hour: slot % 24, score }))
    .filter((slot) => slot.score > 0)
    .sort((a, b) => b.score - a.score || a.weekday * 24 + a.hour - (b.weekday * 24 + b.hour))
    .slice(0, BEST_HOURS);
}

/** The month's sentiment mix; a share the rollups do not carry is the count over the mentions. */
function sentimentOf(row: KpiRow | undefined): MonthlyReport['sentiment'] {
  const mentions = row?.mentions ?? 0;
  const share = (stored: number | null | undefined, count: number) =>
    stored !== undefined ? stored : mentions ? round2((count / mentions) * 100) : null;
  const negative = row?.negativeMentions ?? 0;
  const neutral = row?.neutralMentions ?? 0;
  const positive = row?.positiveMentions ?? 0;
  return {
    mentions,
    negative,
    neutral,
    positive,
    negativeShare: share(row?.negativeShare, negative),
    neutralShare: share(row?.neutralShare, neutral),
    positiveShare: share(row?.positiveShare, positive),
    netSentiment: share(row?.netSentiment, positive - negative),
  };
}

/** Whether the month has anything to report (no email for a month before the first data). */
export function hasData(report: MonthlyReport): boolean {
  return report.kpis.some((kpi) => kpi.value !== null) || report.postsOfMonth > 0;
}

export function buildMonthlyReport(input: MonthlyReportInput): MonthlyReport {
  const { month, timeZone } = input;
  const previousMonth = addMonths(`${month}-01`, -1).slice(0, 7);
  const rows = input.rollups.filter(isOverall);
  const inMonth = (row: KpiRow) => row.start.slice(0, 7) === month;
  const monthRow = (start: string, network: Network | 'all') =>
    rows.find((row) => row.period === 'month' && row.start === `${start}-01` && row.network === network);
  const current = monthRow(month, 'all');
  const previous = monthRow(previousMonth, 'all');

  const kpis = REPORT_KPIS.map((kpi) => compare(kpi, current, previous)).filter(
    (comparison) => comparison.value !== null || comparison.previous !== null,
  );

  const worryLines = input.worryLines.map((line) => {
    const periodRows = rows.filter(
      (row) => row.period === line.period && row.network === line.network && inMonth(row),
    );
    const valued = periodRows.filter((row) => {
      const value = row[line.kpi as KpiName];
      return value !== null && value !== undefined;
    });
    return { line, periods: valued.length, crossings: evaluateWorryLines(periodRows, [line]) };
  });

  const dayRows = new Map(
    rows.filter((row) => row.period === 'day' && row.network === 'all').map((row) => [row.start, row]),
  );
  const daily = daysOfMonth(month).map((date) => {
    const row = dayRows.get(date);
    return {
      date,
      reach: row?.reach ?? null,
      engagementRateByReach: row?.engagementRateByReach ?? null,
      negativeMentions: row?.negativeMentions ?? 0,
      neutralMentions: row?.neutralMentions ?? 0,
      positiveMentions: row?.positiveMentions ?? 0,
    };
  });

  const networks = rows
    .filter((row) => row.period === 'month' && row.start === `${month}-01` && row.network !== 'all')
    .map((row) => ({
      network: row.network as Network,
      reach: row.reach ?? 0,
      impressions: row.impressions ?? 0,
      engagements: row.engagements ?? 0,
      engagementRateByReach: row.engagementRateByReach ?? null,
      previousEngagementRateByReach: monthRow(previousMonth, row.network)?.engagementRateByReach ?? null,
      mentions: row.mentions ?? 0,
      netSentiment: row.netSentiment ?? null,
    }))
    .sort((a, b) => b.reach - a.reach || a.network.localeCompare(b.network));

  const posts = input.posts
    .filter((post) => postMonth(post, timeZone) === month)
    .map((post) => ranked(post, timeZone));
  const minimumReach = Math.max(MINIMUM_REACH_FLOOR, Math.round(median(posts.map((post) => post.reach)) / 2));
  const eligible = posts.filter((post) => post.reach >= minimumReach && post.engagementRateByReach !== null);
  const byRate = [...eligible].sort(
    (a, b) =>
      b.engagementRateByReach! - a.engagementRateByReach! ||
      b.engagements - a.engagements ||
      a.postId.localeCompare(b.postId),
  );
  const topPosts = byRate.slice(0, TOP_POSTS);
  const postsToRework = byRate.slice(TOP_POSTS).reverse().slice(0, POSTS_TO_REWORK);
  const topPostsShare = {
    format: mostShared(topPosts.map((post) => post.format)),
    pillar: mostShared(topPosts.map((post) => post.pillar)),
    hour: mostShared(topPosts.map((post) => (post.hour === undefined ? undefined : String(post.hour)))),
  };

  const alerts: Record<string, number> = {};
  for (const alert of input.alerts ?? []) {
    if (localDateTime(alert.at, timeZone).date.slice(0, 7) === month)
      alerts[alert.kind] = (alerts[alert.kind] ?? 0) + 1;
  }

  return {
    month,
    previousMonth,
    brand: input.brand,
    language: input.language,
    timeZone,
    kpis,
    worryLines,
    daily,
    sentiment: sentimentOf(current),
    networks,
    minimumReach,
    postsOfMonth: posts.length,
    topPosts,
    topPostsShare: Object.fromEntries(Object.entries(topPostsShare).filter(([, trait]) => trait)),
    postsToRework,
    bestHours: bestHours(
      rows.filter((row) => row.period === 'hour' && row.network === 'all' && inMonth(row)),
      eligible,
      month,
      timeZone,
    ),
    alerts,
  };
}

/** Everything the report needs, from the stores (the scheduled function and `vigie report --data`). */
export async function readMonthlyReportData(
  readers: { rollups: RollupReader; posts: PostReader },
  month: string,
): Promise<{ rollups: KpiRow[]; posts: ReportPost[] }> {
  const first = `${month}-01`;
  const last = daysOfMonth(month).at(-1)!;
  const previousFirst = addMonths(first, -1);
  const rollups = [
    ...(await readers.rollups.list({ period: 'month', from: previousFirst, to: first })),
    ...(await readers.rollups.list({ period: 'week', from: first, to: last })),
    ...(await readers.rollups.list({ period: 'day', from: first, to: last })),
    ...(await readers.rollups.list({ period: 'hour', from: first, to: `${last}T23:00`, network: 'all' })),
  ];
  return { rollups, posts: await readers.posts.ofMonths([month]) };
}
