/**
 * Vigie's single DynamoDB table: key attribute names, the one secondary index, and the key
 * patterns of every item type (documented in docs/data-model.md). CDK and the local stack both
 * create the table from this definition.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  // No secondary index: each would add a write unit to every mention (the byAuthor index did, one
  // third of a storm's writes) for questions asked a few times a year (docs/data-model.md).
  indexes: [] as { indexName: string; partitionKey: string; sortKey: string }[],
} as const;

export const ONE_DAY_SECONDS = 86_400;

/** Epoch seconds for the TTL attribute. */
export function expiresAfterDays(fromIso: string, days: number): number {
  return Math.floor(Date.parse(fromIso) / 1000) + days * ONE_DAY_SECONDS;
}

/** UTC day (YYYY-MM-DD) of an ISO time: the partition of time-ordered items. */
export function utcDay(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

/** UTC days touched by [from, to). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(to);
  for (let t = Date.parse(utcDay(from)); t < end; t += 86_400_000)
    days.push(utcDay(new Date(t).toISOString()));
  return days;
}

/** KPI rollup rows are partitioned by period and the month of their start (the year, for months). */
function rollupPartition(period: string, start: string): string {
  return `ROLLUP#${period}#${period === 'month' ? start.slice(0, 4) : start.slice(0, 7)}`;
}

export const keys = {
  /** One mention; partitioned by UTC day so a time range is a few queries. */
  mention: (at: string, network: string, id: string) => ({
    pk: `MENTIONS#${utcDay(at)}`,
    sk: `${new Date(at).toISOString()}#${network}#${id}`,
  }),
  mentionsOfDay: (day: string) => `MENTIONS#${day}`,
  authorKey: (network: string, handle: string) => `AUTHOR#${network}#${handle.toLowerCase()}`,
  /** Mention counters of one 5-minute bucket and network. */
  counts: (bucketStart: string, network: string) => ({
    pk: `COUNTS#${utcDay(bucketStart)}`,
    sk: `${bucketStart}#${network}`,
  }),
  countsOfDay: (day: string) => `COUNTS#${day}`,
  /** Raw metrics snapshot of a post, and the post's latest lifetime counters. */
  snapshot: (network: string, postId: string, at: string, id: string) => ({
    pk: `POST#${network}#${postId}`,
    sk: `SNAPSHOT#${new Date(at).toISOString()}#${id}`,
  }),
  postLatest: (network: string, postId: string) => ({ pk: `POST#${network}#${postId}`, sk: 'LATEST' }),
  /** The crisis radar's current state (open incident or none). */
  radarState: () => ({ pk: 'RADAR', sk: 'STATE' }),
  incidentAcknowledgement: (incidentId: string) => ({ pk: `INCIDENT#${incidentId}`, sk: 'ACKNOWLEDGED' }),
  /** An alert (email) keyed by what it is about, so a re-delivered event sends nothing twice. */
  alert: (alertKey: string) => ({ pk: `ALERT#${alertKey}`, sk: 'ALERT' }),
  /** Raw snapshot of the brand's account on a network, and the account's latest reading. */
  accountSnapshot: (network: string, accountId: string, at: string, id: string) => ({
    pk: `ACCOUNT#${network}#${accountId}`,
    sk: `SNAPSHOT#${new Date(at).toISOString()}#${id}`,
  }),
  accountLatest: (network: string, accountId: string) => ({
    pk: `ACCOUNT#${network}#${accountId}`,
    sk: 'LATEST',
  }),
  /** A KPI rollup row; partitioned by period and month of its start (by year for months). */
  rollupPartition,
  rollup: (period: string, start: string, network: string, pillar?: string, campaign?: string) => ({
    pk: rollupPartition(period, start),
    sk: `${start}#${network}#${pillar !== undefined ? `PILLAR#${pillar}` : campaign !== undefined ? `CAMPAIGN#${campaign}` : 'TOTAL'}`,
  }),
  /** What one post, account or network's mentions added to one local hour (the incremental rollup's input). */
  contribution: (hour: string, source: string) => ({ pk: `CONTRIB#${hour}`, sk: source }),
  contributionsOfHour: (hour: string) => `CONTRIB#${hour}`,
  /** The hours a post or account contributed to, as last computed (`hours`: hour → values). */
  contributedHours: (source: string) => ({ pk: source, sk: 'HOURS' }),
  /** A source whose snapshots changed since the rollup job last ran. */
  rollupDirty: (source: string) => ({ pk: 'ROLLUP#DIRTY', sk: source }),
  rollupDirtyPartition: () => 'ROLLUP#DIRTY',
  /** The publication behind a network post id (pillar, campaign, format, publication time). */
  postLink: (network: string, postId: string) => ({ pk: `POST#${network}#${postId}`, sk: 'LINK' }),
  /** A post's lifetime metrics and rank, in the local month of its publication. */
  postMetrics: (month: string, network: string, postId: string) => ({
    pk: `POSTS#${month}`,
    sk: `${network}#${postId}`,
  }),
  postMetricsOfMonth: (month: string) => `POSTS#${month}`,
  /** A publication of the queue (the whole item, `version` for optimistic locking) and its history. */
  publication: (publicationId: string) => ({ pk: `PUBLICATION#${publicationId}`, sk: 'PUBLICATION' }),
  publicationHistory: (publicationId: string, version: number, index: number) => ({
    pk: `PUBLICATION#${publicationId}`,
    sk: `HISTORY#${String(version).padStart(8, '0')}#${String(index).padStart(3, '0')}`,
  }),
  /** The calendar: one item per publication and network on the local day (client time zone) it is due. */
  calendar: (localDay: string, scheduledFor: string, network: string, publicationId: string) => ({
    pk: `CALENDAR#${localDay}`,
    sk: `${scheduledFor}#${network}#${publicationId}`,
  }),
  calendarOfDay: (localDay: string) => `CALENDAR#${localDay}`,
  /**
   * A publication whose last change may be unfinished (its schedules or events not all done):
   * written before the publication item, deleted once the change is finished; the sweep reads them.
   */
  unfinishedChange: (publicationId: string) => ({ pk: 'PUBLICATION#UNFINISHED', sk: publicationId }),
  unfinishedChanges: () => 'PUBLICATION#UNFINISHED',
  /** A scheduling tool's post id → the publication (its outcome reports carry only their own id). */
  toolPost: (tool: string, toolPostId: string) => ({ pk: `TOOLPOST#${tool}#${toolPostId}`, sk: 'TOOLPOST' }),
  /** An idempotency key of a publication request → the publication it created. */
  publicationIdempotency: (key: string) => ({ pk: `IDEMPOTENCY#${key}`, sk: 'PUBLICATION' }),
  /** A webhook delivery already accepted (dedupe of sender retries). */
  delivery: (source: string, deliveryId: string) => ({
    pk: `DELIVERY#${source}#${deliveryId}`,
    sk: 'DELIVERY',
  }),
  /** A worry-line crossing already put on the bus (keyed like its alert: one per period and line). */
  worryLineCrossing: (alertKey: string) => ({ pk: `CROSSING#${alertKey}`, sk: 'CROSSING' }),
  /** The monthly report of a month (`YYYY-MM`), once sent. */
  monthlyReport: (month: string) => ({ pk: `REPORT#${month}`, sk: 'MONTHLY' }),
} as const;
