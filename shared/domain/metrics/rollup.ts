import type { Network } from '../../config/client-config.ts';
import { type AccountSnapshot, COUNTER_NAMES, type MetricsSnapshot } from '../../events/catalog.ts';
import type { BucketDelta } from '../crisis/buckets.ts';
import {
  type Counters,
  computeKpis,
  engagementsOf,
  type KpiValues,
  ratePercent,
  zeroCounters,
} from './kpis.ts';
import { localHour, PERIODS, type Period, periodBounds, periodOfHour } from './periods.ts';

export { engagementsOf, ratePercent } from './kpis.ts';
export { PERIODS, type Period, periodStart } from './periods.ts';
export type { Counters };

/**
 * KPI rollups. Raw data (snapshots of lifetime counters, account snapshots, 5-minute mention
 * buckets) becomes *contributions*: what one post, account or mention bucket added to one local
 * hour. A snapshot's growth over the previous snapshot of the same post (each counter on its own)
 * goes to the local hour in which it was read; an older snapshot arriving late only splits that
 * growth differently between hours, so totals never move backwards and nothing counts twice. A
 * counter that goes down (an unlike, a deleted comment) gives a negative contribution, so a post's
 * contributions always add up to its latest lifetime value.
 *
 * Hours sum into hour rows, hour rows into day, week and month rows; followers are levels read at
 * each period's end. The full recompute (`computeRollups`) and the incremental path (the rollup
 * job, hour by hour from stored contributions) share every function below.
 */
export type RollupNetwork = Network | 'all';

export interface RollupKey {
  period: Period;
  /** Local start: `YYYY-MM-DD` of the period's first day, `YYYY-MM-DDTHH:00` for an hour. */
  start: string;
  network: RollupNetwork;
  pillar?: string;
  campaign?: string;
}

export type KpiRollup = RollupKey & KpiValues;

/** The fields of a rollup that add up across hours, posts and networks. */
export const ADDITIVE_FIELDS = [
  ...COUNTER_NAMES,
  'profileViews',
  'postsPublished',
  'mentions',
  'negativeMentions',
  'neutralMentions',
  'positiveMentions',
  'brandMentions',
  'competitorMentions',
] as const;
export type AdditiveField = (typeof ADDITIVE_FIELDS)[number];
export type Additive = Record<AdditiveField, number>;

export function zeroAdditive(): Additive {
  return Object.fromEntries(ADDITIVE_FIELDS.map((name) => [name, 0])) as Additive;
}

/** What one source (a post, an account, the mentions of a network) added to one local hour. */
export interface Contribution {
  hour: string;
  /** `POST#<network>#<postId>`, `ACCOUNT#<network>#<accountId>` or `MENTIONS#<network>`. */
  source: string;
  network: Network;
  pillar?: string;
  campaign?: string;
  values: Partial<Additive>;
  /** Posts only: lifetime counters at the hour's end, and the linkage the post had. */
  last?: Counters;
  linkage?: PostLink;
}

/** What Vigie knows of a post from its publication (written by the post links consumer). */
export interface PostLink {
  publicationId?: string;
  pillar?: string;
  campaign?: string;
  format?: string;
  publishedAt?: string;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Snapshots of one series, duplicates (same id) removed, in reading order. */
function inReadingOrder<T extends { id: string; at: string }>(snapshots: readonly T[]): T[] {
  const unique = new Map<string, T>();
  for (const snapshot of snapshots) unique.set(snapshot.id, snapshot);
  return [...unique.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id));
}

export const postSource = (network: string, postId: string) => `POST#${network}#${postId}`;
export function parsePostSource(source: string): PostRef {
  const [, network, ...postId] = source.split('#');
  return { network: network as Network, postId: postId.join('#') };
}
export const accountSource = (network: string, accountId: string) => `ACCOUNT#${network}#${accountId}`;

/** The linkage a post's metrics carry: its Vigie link wins over what the snapshots said. */
export function linkageOf(snapshots: readonly MetricsSnapshot[], link?: PostLink): PostLink {
  const ordered = inReadingOrder(snapshots);
  const latest = (field: 'publicationId' | 'pillar' | 'campaign' | 'format' | 'publishedAt') =>
    ordered.findLast((snapshot) => snapshot[field] !== undefined)?.[field];
  const linkage: PostLink = {
    publicationId: link?.publicationId ?? latest('publicationId'),
    pillar: link?.pillar ?? latest('pillar'),
    campaign: link?.campaign ?? latest('campaign'),
    format: link?.format ?? latest('format'),
    // A post whose publication time nobody gave is counted as published when first seen.
    publishedAt: link?.publishedAt ?? latest('publishedAt') ?? ordered[0]?.at,
  };
  return Object.fromEntries(Object.entries(linkage).filter(([, value]) => value !== undefined));
}

export interface PostRef {
  network: Network;
  postId: string;
}

export type PostContribution = Contribution & Required<Pick<Contribution, 'last' | 'linkage'>>;

/**
 * One post's contributions, one per local hour in which it was read (or published). The
 * incremental path recomputes a post from an hour on: it gives the snapshots read from then on,
 * the lifetime counters at the end of the hour before (`baseline`) and that hour (`fromHour`).
 */
export function postContributions(
  post: PostRef,
  snapshots: readonly MetricsSnapshot[],
  timeZone: string,
  linkage: PostLink,
  from?: { hour: string; baseline: Counters },
): PostContribution[] {
  const byHour = new Map<string, Partial<Additive>>();
  const at = (hour: string) => {
    let values = byHour.get(hour);
    if (!values) {
      values = {};
      byHour.set(hour, values);
    }
    return values;
  };
  const previous = { ...(from?.baseline ?? zeroCounters()) };
  for (const snapshot of inReadingOrder(snapshots)) {
    const values = at(localHour(snapshot.at, timeZone));
    for (const name of COUNTER_NAMES) {
      const value = snapshot.counters[name];
      if (value === undefined) continue;
      values[name] = (values[name] ?? 0) + value - previous[name];
      previous[name] = value;
    }
  }
  if (linkage.publishedAt) {
    const publishedHour = localHour(linkage.publishedAt, timeZone);
    if (!from || publishedHour >= from.hour) at(publishedHour).postsPublished = 1;
  }
  const last = { ...(from?.baseline ?? zeroCounters()) };
  return [...byHour]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([hour, values]) => {
      for (const name of COUNTER_NAMES) last[name] += values[name] ?? 0;
      return {
        hour,
        source: postSource(post.network, post.postId),
        network: post.network,
        ...(linkage.pillar ? { pillar: linkage.pillar } : {}),
        ...(linkage.campaign ? { campaign: linkage.campaign } : {}),
        values,
        last: { ...last },
        linkage,
      };
    });
}

/**
 * One account's contributions: profile views (a counter that restarts at local midnight) per local
 * hour. Every hour with a snapshot gets a contribution, so a period with only follower readings
 * still has its row.
 */
export function accountContributions(
  snapshots: readonly AccountSnapshot[],
  timeZone: string,
): Contribution[] {
  const ordered = inReadingOrder(snapshots);
  const first = ordered[0];
  if (!first) return [];
  const byHour = new Map<string, number>();
  let day = '';
  let previous = 0;
  for (const snapshot of ordered) {
    const hour = localHour(snapshot.at, timeZone);
    if (hour.slice(0, 10) !== day) {
      day = hour.slice(0, 10);
      previous = 0;
    }
    let views = 0;
    if (snapshot.profileViews !== undefined) {
      views = snapshot.profileViews - previous;
      previous = snapshot.profileViews;
    }
    byHour.set(hour, (byHour.get(hour) ?? 0) + views);
  }
  return [...byHour].map(([hour, profileViews]) => ({
    hour,
    source: accountSource(first.network, first.accountId),
    network: first.network,
    values: { profileViews },
  }));
}

/** Mention buckets of the crisis radar as contributions (all mentions ingested are about the brand). */
export function mentionContributions(buckets: readonly BucketDelta[], timeZone: string): Contribution[] {
  const byKey = new Map<string, Contribution>();
  for (const bucket of buckets) {
    const hour = localHour(bucket.bucketStart, timeZone);
    const key = `${hour}#${bucket.network}`;
    let contribution = byKey.get(key);
    if (!contribution) {
      contribution = { hour, source: `MENTIONS#${bucket.network}`, network: bucket.network, values: {} };
      byKey.set(key, contribution);
    }
    const values = contribution.values;
    const add = (field: AdditiveField, count: number) => {
      values[field] = (values[field] ?? 0) + count;
    };
    add('mentions', bucket.counts.total);
    add('negativeMentions', bucket.counts.negative);
    add('neutralMentions', bucket.counts.neutral);
    add('positiveMentions', bucket.counts.positive);
    add('brandMentions', bucket.counts.total);
  }
  return [...byKey.values()];
}

export function rollupKeyOf(row: RollupKey): string {
  return `${row.period}#${row.start}#${row.network}#${row.pillar ?? ''}#${row.campaign ?? ''}`;
}

/** The rows a piece of data counts in: its network and "all", each as a total, for its pillar and its campaign. */
function keysFor(
  period: Period,
  start: string,
  item: { network: Network; pillar?: string; campaign?: string },
): RollupKey[] {
  return ([item.network, 'all'] satisfies RollupNetwork[]).flatMap((network) => [
    { period, start, network },
    ...(item.pillar ? [{ period, start, network, pillar: item.pillar }] : []),
    ...(item.campaign ? [{ period, start, network, campaign: item.campaign }] : []),
  ]);
}

export interface AdditiveRow {
  key: RollupKey;
  values: Additive;
}

function addInto(rows: Map<string, AdditiveRow>, key: RollupKey, values: Partial<Additive>): void {
  const id = rollupKeyOf(key);
  let row = rows.get(id);
  if (!row) {
    row = { key, values: zeroAdditive() };
    rows.set(id, row);
  }
  for (const field of ADDITIVE_FIELDS) row.values[field] += values[field] ?? 0;
}

/** Sums contributions into the hour rows (totals per network and "all", per pillar and campaign). */
export function hourRows(contributions: readonly Contribution[]): AdditiveRow[] {
  const rows = new Map<string, AdditiveRow>();
  for (const contribution of contributions) {
    for (const key of keysFor('hour', contribution.hour, contribution))
      addInto(rows, key, contribution.values);
  }
  return [...rows.values()];
}

/** Sums rows of a finer period (hours, or days) into the rows of a coarser one. */
export function rollUp(rows: readonly AdditiveRow[], period: Period): AdditiveRow[] {
  const sums = new Map<string, AdditiveRow>();
  for (const { key, values } of rows) {
    addInto(sums, { ...key, period, start: periodOfHour(key.start, period) }, values);
  }
  return [...sums.values()];
}

export function additiveOf(row: Pick<KpiRollup, AdditiveField>): Additive {
  return Object.fromEntries(ADDITIVE_FIELDS.map((field) => [field, row[field]])) as Additive;
}

/** Followers at a period's end and at the previous period's end, per network with an account. */
export type FollowerLevels = Map<Network, { end: number; start: number }>;

/** Each network's account readings in time order (built once, read for every period). */
export type AccountSeries = Map<Network, { ms: number; followers: number }[]>;

export function accountSeries(accountSnapshots: readonly AccountSnapshot[]): AccountSeries {
  const series: AccountSeries = new Map();
  for (const [network, snapshots] of groupBy(accountSnapshots, (snapshot) => snapshot.network)) {
    series.set(
      network as Network,
      inReadingOrder(snapshots).map((snapshot) => ({
        ms: Date.parse(snapshot.at),
        followers: snapshot.followers,
      })),
    );
  }
  return series;
}

/**
 * Followers of each network's account at the end of the period (the latest snapshot read before
 * the end) and at its start (the latest before the start, or the period's first reading).
 */
export function followerLevels(
  series: AccountSeries,
  period: Period,
  start: string,
  timeZone: string,
): FollowerLevels {
  const { from, to } = periodBounds(period, start, timeZone);
  const [fromMs, toMs] = [Date.parse(from), Date.parse(to)];
  const levels: FollowerLevels = new Map();
  for (const [network, readings] of series) {
    const end = readings.findLast((reading) => reading.ms < toMs);
    if (!end) continue;
    const baseline =
      readings.findLast((reading) => reading.ms < fromMs) ??
      readings.find((reading) => reading.ms >= fromMs)!;
    levels.set(network, { end: end.followers, start: baseline.followers });
  }
  return levels;
}

/** A period's additive sums plus its follower levels → the row with every KPI. */
export function finalizeRow(row: AdditiveRow, levels: FollowerLevels): KpiRollup {
  const { key, values } = row;
  // Followers belong to accounts, not to a pillar or a campaign: those rows leave them out (and so
  // are rewritten only when their posts change, not every hour with the follower count).
  const dimension = key.pillar !== undefined || key.campaign !== undefined;
  const accounts = dimension
    ? []
    : key.network === 'all'
      ? [...levels.values()]
      : [levels.get(key.network)].filter(Boolean);
  const counters = Object.fromEntries(COUNTER_NAMES.map((name) => [name, values[name]])) as Counters;
  const kpis = computeKpis({
    counters,
    profileViews: values.profileViews,
    postsPublished: values.postsPublished,
    mentions: {
      total: values.mentions,
      negative: values.negativeMentions,
      neutral: values.neutralMentions,
      positive: values.positiveMentions,
    },
    brandMentions: values.brandMentions,
    competitorMentions: values.competitorMentions,
    followers: accounts.length ? accounts.reduce((sum, level) => sum + level!.end, 0) : null,
    followersAtStart: accounts.length ? accounts.reduce((sum, level) => sum + level!.start, 0) : null,
    // Replies are not ingested yet: response times stay null (see docs/kpis.md).
    responseTimesMinutes: [],
  });
  return {
    period: key.period,
    start: key.start,
    network: key.network,
    ...(key.pillar !== undefined ? { pillar: key.pillar } : {}),
    ...(key.campaign !== undefined ? { campaign: key.campaign } : {}),
    ...kpis,
  };
}

const PERIOD_ORDER: Record<Period, number> = { hour: 0, day: 1, week: 2, month: 3 };

export function compareRollups(a: RollupKey, b: RollupKey): number {
  return (
    PERIOD_ORDER[a.period] - PERIOD_ORDER[b.period] ||
    a.start.localeCompare(b.start) ||
    a.network.localeCompare(b.network) ||
    (a.pillar ?? '').localeCompare(b.pillar ?? '') ||
    (a.campaign ?? '').localeCompare(b.campaign ?? '')
  );
}

/** Every row of one period, from the finer rows it sums (hours for a day, days for a week or a month). */
export function rowsOfPeriod(
  finer: readonly AdditiveRow[],
  period: Period,
  accounts: AccountSeries,
  timeZone: string,
): KpiRollup[] {
  const levels = new Map<string, FollowerLevels>();
  return rollUp(finer, period)
    .map((row) => {
      let level = levels.get(row.key.start);
      if (!level) {
        level = followerLevels(accounts, period, row.key.start, timeZone);
        levels.set(row.key.start, level);
      }
      return finalizeRow(row, level);
    })
    .sort(compareRollups);
}

/** The finer period a period's rows are summed from. */
export function finerPeriodOf(period: Exclude<Period, 'hour'>): Period {
  return period === 'day' ? 'hour' : 'day';
}

export interface RollupInput {
  snapshots: readonly MetricsSnapshot[];
  accountSnapshots?: readonly AccountSnapshot[];
  mentionBuckets?: readonly BucketDelta[];
  /** Post links by `POST#<network>#<postId>`. */
  links?: ReadonlyMap<string, PostLink>;
}

export function contributionsOf(input: RollupInput, timeZone: string): Contribution[] {
  const byPost = groupBy(input.snapshots, (snapshot) => postSource(snapshot.network, snapshot.postId));
  const byAccount = groupBy(input.accountSnapshots ?? [], (snapshot) =>
    accountSource(snapshot.network, snapshot.accountId),
  );
  const posts = [...byPost].flatMap(([source, snapshots]) => {
    const { network, postId } = snapshots[0]!;
    const link = input.links?.get(source);
    return postContributions({ network, postId }, snapshots, timeZone, linkageOf(snapshots, link));
  });
  // A post published through Vigie counts as published before its first metrics arrive.
  for (const [source, link] of input.links ?? []) {
    if (byPost.has(source) || !link.publishedAt) continue;
    posts.push(...postContributions(parsePostSource(source), [], timeZone, link));
  }
  return [
    ...posts,
    ...[...byAccount.values()].flatMap((snapshots) => accountContributions(snapshots, timeZone)),
    ...mentionContributions(input.mentionBuckets ?? [], timeZone),
  ];
}

/** Full recompute: every rollup row of every period, from raw data alone. */
export function computeRollups(
  input: RollupInput,
  timeZone: string,
  periods: readonly Period[] = PERIODS,
): KpiRollup[] {
  const accounts = accountSeries(input.accountSnapshots ?? []);
  const hours = hourRows(contributionsOf(input, timeZone));
  const days = rollUp(hours, 'day');
  const rows: KpiRollup[] = [];
  if (periods.includes('hour')) rows.push(...rowsOfPeriod(hours, 'hour', accounts, timeZone));
  if (periods.includes('day')) rows.push(...rowsOfPeriod(hours, 'day', accounts, timeZone));
  if (periods.includes('week')) rows.push(...rowsOfPeriod(days, 'week', accounts, timeZone));
  if (periods.includes('month')) rows.push(...rowsOfPeriod(days, 'month', accounts, timeZone));
  return rows.sort(compareRollups);
}

/** Per post: lifetime counters (each counter's latest known value), engagement rate, rank in its month. */
export interface PostLifetime extends Counters, PostLink {
  postId: string;
  network: Network;
  lastSnapshotAt: string;
  engagements: number;
  engagementRateByReach: number | null;
  /** Local month (`YYYY-MM`) of its publication: the month it ranks in. */
  month: string;
  /** 1 = the best engagement rate by reach of its month (ties: more engagements first). */
  rank?: number;
}

export function postLifetime(
  snapshots: readonly MetricsSnapshot[],
  timeZone: string,
  link?: PostLink,
): PostLifetime | undefined {
  const ordered = inReadingOrder(snapshots);
  const last = ordered.at(-1);
  if (!last) return undefined;
  const counters = zeroCounters();
  for (const snapshot of ordered) Object.assign(counters, snapshot.counters);
  return postLifetimeFrom(last, counters, last.at, linkageOf(ordered, link), timeZone);
}

/** A post's lifetime row from its latest counters (each counter's latest known value). */
export function postLifetimeFrom(
  post: PostRef,
  counters: Counters,
  lastSnapshotAt: string,
  linkage: PostLink,
  timeZone: string,
): PostLifetime {
  const engagements = engagementsOf(counters);
  return {
    postId: post.postId,
    network: post.network,
    lastSnapshotAt,
    ...linkage,
    month: localHour(linkage.publishedAt ?? lastSnapshotAt, timeZone).slice(0, 7),
    ...counters,
    engagements,
    engagementRateByReach: ratePercent(engagements, counters.reach),
  };
}

/** Ranks posts within their month: best engagement rate by reach first (posts without reach last). */
export function rankPosts(posts: readonly PostLifetime[]): PostLifetime[] {
  const byMonth = groupBy(posts, (post) => post.month);
  const ranked: PostLifetime[] = [];
  for (const monthPosts of byMonth.values()) {
    const sorted = [...monthPosts].sort(
      (a, b) =>
        (b.engagementRateByReach ?? -1) - (a.engagementRateByReach ?? -1) ||
        b.engagements - a.engagements ||
        a.network.localeCompare(b.network) ||
        a.postId.localeCompare(b.postId),
    );
    sorted.forEach((post, index) => {
      ranked.push({ ...post, rank: index + 1 });
    });
  }
  return ranked.sort((a, b) => a.network.localeCompare(b.network) || a.postId.localeCompare(b.postId));
}

/** Lifetime counters of every post, ranked in their month. */
export function postLifetimes(
  snapshots: readonly MetricsSnapshot[],
  timeZone = 'UTC',
  links?: ReadonlyMap<string, PostLink>,
): PostLifetime[] {
  const byPost = groupBy(snapshots, (snapshot) => postSource(snapshot.network, snapshot.postId));
  const posts = [...byPost].flatMap(([source, ofPost]) => {
    const post = postLifetime(ofPost, timeZone, links?.get(source));
    return post ? [post] : [];
  });
  return rankPosts(posts);
}
