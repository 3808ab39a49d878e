import type { ContributionStore, SourceChange } from '../../adapters/contribution-store.ts';
import type { PostLinks } from '../../adapters/post-links.ts';
import type { PostMetricsStore } from '../../adapters/post-metrics-store.ts';
import type { RollupStore } from '../../adapters/rollup-store.ts';
import {
  type AccountRef,
  FROM_START,
  parseDirtySource,
  type SnapshotStore,
} from '../../adapters/snapshot-store.ts';
import type { Network } from '../../config/client-config.ts';
import type { AccountSnapshot, MetricsSnapshot } from '../../events/catalog.ts';
import type { BucketDelta } from '../crisis/buckets.ts';
import { zeroCounters } from './kpis.ts';
import {
  hoursOf,
  localHour,
  localToUtc,
  nextPeriodStart,
  type Period,
  periodBounds,
  periodOfHour,
  previousPeriodStart,
} from './periods.ts';
import {
  type AdditiveRow,
  accountContributions,
  accountSeries,
  additiveOf,
  type Contribution,
  finerPeriodOf,
  hourRows,
  type KpiRollup,
  linkageOf,
  mentionContributions,
  type PostLifetime,
  type PostLink,
  parsePostSource,
  postContributions,
  postLifetimeFrom,
  rowsOfPeriod,
} from './rollup.ts';

/** What the incremental rollup reads and writes (ports only: the same code runs in AWS and locally). */
export interface RollupPorts {
  snapshots: SnapshotStore;
  contributions: ContributionStore;
  postLinks: PostLinks;
  rollups: RollupStore;
  posts: PostMetricsStore;
  mentions: { countsBetween(from: string, to: string): Promise<BucketDelta[]> };
}

export interface RollupRun {
  now: Date;
  timeZone: string;
  /** A local date to finalize: every hour of it is recomputed (late mentions), then its day, week and month. */
  closeDay?: string;
}

export interface RollupRunSummary {
  posts: number;
  accounts: number;
  hours: number;
  /** Rollup items written or deleted. */
  rowsChanged: number;
}

const LINKAGE_FIELDS = ['publicationId', 'pillar', 'campaign', 'format', 'publishedAt'] as const;

/** The linkage of a post recomputed from an hour on: its Vigie link, else the newer snapshots, else what it had. */
function linkageFrom(
  snapshots: readonly MetricsSnapshot[],
  link: PostLink | undefined,
  had: PostLink,
): PostLink {
  const ordered = [...snapshots].sort(
    (a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id),
  );
  return Object.fromEntries(
    LINKAGE_FIELDS.flatMap((field) => {
      const value =
        link?.[field] ?? ordered.findLast((snapshot) => snapshot[field] !== undefined)?.[field] ?? had[field];
      return value === undefined ? [] : [[field, value]];
    }),
  );
}

const sameLinkage = (a: PostLink, b: PostLink) => LINKAGE_FIELDS.every((field) => a[field] === b[field]);

/**
 * The earliest dirty hour of each post; of each account, the earliest per local day (an account's
 * profile views are recomputed day by day).
 */
function earliestDirty(sources: readonly string[]): { source: string; hour: string }[] {
  const earliest = new Map<string, { source: string; hour: string }>();
  for (const dirty of sources) {
    const mark = parseDirtySource(dirty);
    const key = mark.source.startsWith('POST#') ? mark.source : `${mark.source}|${mark.hour.slice(0, 10)}`;
    const known = earliest.get(key);
    if (!known || mark.hour < known.hour) earliest.set(key, mark);
  }
  return [...earliest.values()];
}

/**
 * One post, recomputed from its earliest dirty hour on (from the start when its linkage changed):
 * writes the contributions that changed and returns the hours they are in, and the post's lifetime.
 */
async function updatePost(
  ports: RollupPorts,
  source: string,
  fromHour: string,
  timeZone: string,
): Promise<{ change: SourceChange; lifetime?: PostLifetime; previousMonth?: string }> {
  const post = parsePostSource(source);
  const link = await ports.postLinks.get(post.network, post.postId);
  const baseline =
    fromHour === FROM_START ? undefined : await ports.contributions.lastBefore(source, fromHour);
  let from = baseline ? { hour: fromHour, baseline: baseline.last ?? zeroCounters() } : undefined;
  let snapshots = await ports.snapshots.ofPost(
    post.network,
    post.postId,
    from ? localToUtc(fromHour, timeZone) : undefined,
  );
  let linkage = baseline ? linkageFrom(snapshots, link, baseline.linkage ?? {}) : undefined;
  if (!linkage || (baseline && !sameLinkage(linkage, baseline.linkage ?? {}))) {
    // New pillar, campaign or publication time: every hour of the post changes.
    from = undefined;
    snapshots = await ports.snapshots.ofPost(post.network, post.postId);
    linkage = linkageOf(snapshots, link);
  }
  const previous = await ports.contributions.ofSource(source, from?.hour);
  const next =
    snapshots.length || linkage.publishedAt
      ? postContributions(post, snapshots, timeZone, linkage, from)
      : [];
  const latest = next.at(-1);
  const lastSnapshot = snapshots.reduce<MetricsSnapshot | undefined>(
    (newest, snapshot) => (!newest || Date.parse(snapshot.at) >= Date.parse(newest.at) ? snapshot : newest),
    undefined,
  );
  const previousPublished = previous.find((contribution) => contribution.values.postsPublished);
  return {
    change: { source, previous, next },
    lifetime:
      latest?.last && lastSnapshot
        ? postLifetimeFrom(post, latest.last, lastSnapshot.at, linkage, timeZone)
        : undefined,
    previousMonth: previousPublished?.hour.slice(0, 7),
  };
}

/**
 * One account from an hour on: profile views of that local day (they restart at local midnight)
 * and the hours whose follower levels may change, up to the account's next reading.
 */
async function updateAccount(
  ports: RollupPorts,
  source: string,
  fromHour: string,
  nowHour: string,
  timeZone: string,
): Promise<{ change: SourceChange; hours: string[]; day: LoadedDay }> {
  const [, network, ...rest] = source.split('#');
  const account: AccountRef = { network: network as Network, accountId: rest.join('#') };
  const day = fromHour.slice(0, 10);
  const { from, to } = periodBounds('day', day, timeZone);
  const daySnapshots = await ports.snapshots.accountSnapshotsBetween(account, from, to);
  const previous = await ports.contributions.ofSource(source, day);
  const next = accountContributions(daySnapshots, timeZone);
  const change = {
    source,
    previous: previous.filter((contribution) => contribution.hour.startsWith(day)),
    next,
  };
  const following = await ports.snapshots.accountSnapshotNear(
    account,
    localToUtc(nextPeriodStart(fromHour, 'hour'), timeZone),
    'after',
  );
  const lastHour = following ? localHour(following.at, timeZone) : nowHour;
  const hours: string[] = [];
  for (let hour = fromHour; hour <= lastHour && hour <= nowHour; hour = nextPeriodStart(hour, 'hour'))
    hours.push(hour);
  return { change, hours, day: { account, day, snapshots: daySnapshots } };
}

/** One local day of an account's readings, all of them, as a run loaded them. */
interface LoadedDay {
  account: AccountRef;
  day: string;
  snapshots: readonly AccountSnapshot[];
}

/**
 * Follower readings that answer every period's question (latest before its start and its end,
 * first in it). Days the run loaded whole answer for instants inside them, and (readings are not
 * from the future) for instants after now when the loaded day is today; the rest is one query each.
 */
async function followerReadings(
  ports: RollupPorts,
  periods: ReadonlyMap<Period, ReadonlySet<string>>,
  loaded: readonly LoadedDay[],
  timeZone: string,
  now: Date,
): Promise<AccountSnapshot[]> {
  const horizon = new Date(now.getTime() + 3_600_000).toISOString();
  const today = localHour(now.toISOString(), timeZone).slice(0, 10);
  const boundaries = new Set<string>();
  for (const [period, starts] of periods) {
    for (const start of starts) {
      const { from, to } = periodBounds(period, start, timeZone);
      boundaries.add(from < horizon ? from : horizon).add(to < horizon ? to : horizon);
    }
  }
  const readings = new Map<string, AccountSnapshot>();
  const keep = (account: AccountRef, reading: AccountSnapshot | undefined) => {
    if (reading) readings.set(`${account.network}#${account.accountId}#${reading.id}`, reading);
  };
  for (const account of await ports.snapshots.accounts()) {
    const days = loaded.filter(
      (day) => day.account.network === account.network && day.account.accountId === account.accountId,
    );
    for (const boundary of boundaries) {
      const boundaryDay = localHour(boundary, timeZone).slice(0, 10);
      const day = days.find(
        (candidate) =>
          candidate.day === boundaryDay || (boundary >= now.toISOString() && candidate.day === today),
      );
      const known = day?.snapshots
        .filter((snapshot) => Date.parse(snapshot.at) < Date.parse(boundary))
        .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id))
        .at(-1);
      if (known) {
        keep(account, known);
        continue;
      }
      keep(
        account,
        (await ports.snapshots.accountSnapshotNear(account, boundary, 'before')) ??
          (await ports.snapshots.accountSnapshotNear(account, boundary, 'after')),
      );
    }
  }
  return [...readings.values()];
}

/** Mentions of the given hours, from the crisis radar's buckets (one read per local day). */
async function mentionsOfHours(
  ports: RollupPorts,
  hours: readonly string[],
  timeZone: string,
): Promise<Contribution[]> {
  const byDay = new Map<string, string[]>();
  for (const hour of hours) byDay.set(hour.slice(0, 10), [...(byDay.get(hour.slice(0, 10)) ?? []), hour]);
  const wanted = new Set(hours);
  const contributions: Contribution[] = [];
  for (const dayHours of byDay.values()) {
    const sorted = [...dayHours].sort();
    const from = localToUtc(sorted[0]!, timeZone);
    const to = localToUtc(nextPeriodStart(sorted.at(-1)!, 'hour'), timeZone);
    const buckets = await ports.mentions.countsBetween(from, to);
    contributions.push(...mentionContributions(buckets, timeZone).filter((c) => wanted.has(c.hour)));
  }
  return contributions;
}

const toAdditive = (row: KpiRollup): AdditiveRow => ({
  key: {
    period: row.period,
    start: row.start,
    network: row.network,
    ...(row.pillar !== undefined ? { pillar: row.pillar } : {}),
    ...(row.campaign !== undefined ? { campaign: row.campaign } : {}),
  },
  values: additiveOf(row),
});

/** The last start of a period's finer rows (its last hour, or its last day). */
function lastFinerStart(period: Exclude<Period, 'hour'>, start: string): string {
  const next = nextPeriodStart(start, period);
  return period === 'day' ? `${previousPeriodStart(next, 'day')}T23:00` : previousPeriodStart(next, 'day');
}

/**
 * The incremental rollup: recomputes what the dirty posts and accounts changed, the open hour and
 * the one before (mentions), and (with `closeDay`) every hour of that day; then the days, weeks and
 * months containing those hours, each from its finer rows. Gives the same rows as `computeRollups`.
 */
export async function updateRollups(ports: RollupPorts, run: RollupRun): Promise<RollupRunSummary> {
  const { timeZone } = run;
  const nowHour = localHour(run.now.toISOString(), timeZone);
  const marks = await ports.snapshots.dirty();
  const dirty = earliestDirty(marks.map((mark) => mark.source));
  const changedHours = new Set<string>([previousPeriodStart(nowHour, 'hour'), nowHour]);
  if (run.closeDay) for (const hour of hoursOf('day', run.closeDay)) changedHours.add(hour);

  const lifetimes: PostLifetime[] = [];
  const moved: { month: string; network: Network; postId: string }[] = [];
  const changes: SourceChange[] = [];
  const loadedDays: LoadedDay[] = [];
  let posts = 0;
  let accounts = 0;
  for (const { source, hour: fromHour } of dirty) {
    if (source.startsWith('POST#')) {
      posts += 1;
      const update = await updatePost(ports, source, fromHour, timeZone);
      changes.push(update.change);
      if (update.lifetime) {
        lifetimes.push(update.lifetime);
        if (update.previousMonth && update.previousMonth !== update.lifetime.month)
          moved.push({
            month: update.previousMonth,
            network: update.lifetime.network,
            postId: update.lifetime.postId,
          });
      }
    } else {
      accounts += 1;
      const update = await updateAccount(ports, source, fromHour, nowHour, timeZone);
      loadedDays.push(update.day);
      changes.push(update.change);
      for (const hour of update.hours) changedHours.add(hour);
    }
  }
  for (const hour of await ports.contributions.replaceSources(changes)) changedHours.add(hour);

  const hours = [...changedHours].filter((hour) => hour <= nowHour).sort();
  const periods = new Map<Period, Set<string>>([
    ['hour', new Set(hours)],
    ['day', new Set(hours.map((hour) => periodOfHour(hour, 'day')))],
    ['week', new Set(hours.map((hour) => periodOfHour(hour, 'week')))],
    ['month', new Set(hours.map((hour) => periodOfHour(hour, 'month')))],
  ]);
  const series = accountSeries(await followerReadings(ports, periods, loadedDays, timeZone, run.now));
  let rowsChanged = 0;

  // Hours, from their contributions and mentions.
  const mentions = await mentionsOfHours(ports, hours, timeZone);
  const fresh = new Map<Period, KpiRollup[]>([['hour', []]]);
  for (const hour of hours) {
    const contributions = [
      ...(await ports.contributions.ofHour(hour)),
      ...mentions.filter((c) => c.hour === hour),
    ];
    const rows = rowsOfPeriod(hourRows(contributions), 'hour', series, timeZone);
    rowsChanged += await ports.rollups.replace('hour', [hour], rows);
    fresh.get('hour')!.push(...rows);
  }

  // Days from hours, weeks and months from days: stored finer rows, overridden by the fresh ones.
  for (const period of ['day', 'week', 'month'] as const) {
    const finer = finerPeriodOf(period);
    const freshFiner = fresh.get(finer)!;
    const recomputed = new Set(periods.get(finer));
    const rows: KpiRollup[] = [];
    for (const start of periods.get(period)!) {
      const stored = await ports.rollups.list({
        period: finer,
        from: period === 'day' ? `${start}T00:00` : start,
        to: lastFinerStart(period, start),
        breakdown: 'all',
      });
      const finerRows = [
        ...stored.filter((row) => !recomputed.has(row.start)),
        ...freshFiner.filter((row) => periodOfHour(row.start, period) === start),
      ];
      const periodRows = rowsOfPeriod(finerRows.map(toAdditive), period, series, timeZone);
      rowsChanged += await ports.rollups.replace(period, [start], periodRows);
      rows.push(...periodRows);
    }
    fresh.set(period, rows);
  }

  // Posts: lifetime counters (ranks are computed when read: one post's change would move many).
  for (const post of moved) await ports.posts.remove(post.month, post.network, post.postId);
  await ports.posts.save(lifetimes);

  await ports.snapshots.clearDirty(marks);
  return { posts, accounts, hours: hours.length, rowsChanged };
}
