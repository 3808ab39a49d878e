/**
 * Vigie's single DynamoDB table: key attribute names, the one secondary index, and the key
 * patterns of every item type (documented in docs/data-model.md). CDK and the local stack both
 * create the table from this definition.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  indexes: [{ indexName: 'byAuthor', partitionKey: 'authorKey', sortKey: 'sk' }],
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
  /** A scheduling tool's post id → the publication (its outcome reports carry only their own id). */
  toolPost: (tool: string, toolPostId: string) => ({ pk: `TOOLPOST#${tool}#${toolPostId}`, sk: 'TOOLPOST' }),
  /** An idempotency key of a publication request → the publication it created. */
  publicationIdempotency: (key: string) => ({ pk: `IDEMPOTENCY#${key}`, sk: 'PUBLICATION' }),
  /** A network post that came from a publication: its metrics join the publication's pillar and campaign. */
  postPublication: (network: string, postId: string) => ({
    pk: `POST#${network}#${postId}`,
    sk: 'PUBLICATION',
  }),
  /** A webhook delivery already accepted (dedupe of sender retries). */
  delivery: (source: string, deliveryId: string) => ({
    pk: `DELIVERY#${source}#${deliveryId}`,
    sk: 'DELIVERY',
  }),
} as const;
