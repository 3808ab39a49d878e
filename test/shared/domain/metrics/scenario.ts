import { DynamoContributionStore } from '../../../../shared/adapters/contribution-store.ts';
import type { TableRef } from '../../../../shared/adapters/dynamodb.ts';
import { DynamoPostLinks } from '../../../../shared/adapters/post-links.ts';
import { DynamoPostMetricsStore } from '../../../../shared/adapters/post-metrics-store.ts';
import { DynamoRollupStore } from '../../../../shared/adapters/rollup-store.ts';
import { DynamoSnapshotStore, dirtySource, FROM_START } from '../../../../shared/adapters/snapshot-store.ts';
import type { BucketDelta } from '../../../../shared/domain/crisis/buckets.ts';
import { type RollupPorts, updateRollups } from '../../../../shared/domain/metrics/incremental.ts';
import {
  localHour,
  nextPeriodStart,
  previousPeriodStart,
} from '../../../../shared/domain/metrics/periods.ts';
import { type PostLink, postSource } from '../../../../shared/domain/metrics/rollup.ts';
import type { AccountSnapshot, MetricsSnapshot } from '../../../../shared/events/catalog.ts';
import { sameBucket } from './fixture-input.ts';

/** Something that reaches Vigie at `arrivesAt`: a snapshot, a post link, a mention bucket. */
export type Delivery = { arrivesAt: string } & (
  | { kind: 'post'; snapshot: MetricsSnapshot }
  | { kind: 'account'; snapshot: AccountSnapshot }
  | { kind: 'link'; network: MetricsSnapshot['network']; postId: string; link: PostLink }
  | { kind: 'mentions'; bucket: BucketDelta }
);

export function portsOn(table: TableRef, buckets: BucketDelta[]): RollupPorts {
  return {
    snapshots: new DynamoSnapshotStore(table),
    contributions: new DynamoContributionStore(table),
    postLinks: new DynamoPostLinks(table),
    rollups: new DynamoRollupStore(table),
    posts: new DynamoPostMetricsStore(table),
    mentions: {
      countsBetween: async (from, to) =>
        buckets.filter(
          (bucket) =>
            Date.parse(bucket.bucketStart) >= Date.parse(from) &&
            Date.parse(bucket.bucketStart) < Date.parse(to),
        ),
    },
  };
}

async function deliver(ports: RollupPorts, buckets: BucketDelta[], delivery: Delivery, timeZone: string) {
  switch (delivery.kind) {
    case 'post':
      await ports.snapshots.save(delivery.snapshot, localHour(delivery.snapshot.at, timeZone));
      return;
    case 'account':
      await ports.snapshots.saveAccount(delivery.snapshot, localHour(delivery.snapshot.at, timeZone));
      return;
    case 'link':
      await ports.postLinks.put(delivery.network, delivery.postId, delivery.link);
      await ports.snapshots.markDirty(dirtySource(postSource(delivery.network, delivery.postId), FROM_START));
      return;
    case 'mentions':
      if (!buckets.some((bucket) => sameBucket(bucket, delivery.bucket))) buckets.push(delivery.bucket);
      return;
  }
}

/**
 * Plays deliveries in arrival order with the rollup job of production: every hour, and the close
 * of yesterday in the local 01:00 hour; then closes every day of the range (the late mentions).
 */
export async function playIncremental(
  table: TableRef,
  deliveries: readonly Delivery[],
  timeZone: string,
  options: { from: string; to: string; everyHours?: number },
): Promise<RollupPorts> {
  const buckets: BucketDelta[] = [];
  const ports = portsOn(table, buckets);
  const ordered = [...deliveries].sort((a, b) => Date.parse(a.arrivesAt) - Date.parse(b.arrivesAt));
  let next = 0;
  for (
    let ms = Date.parse(options.from);
    ms <= Date.parse(options.to);
    ms += (options.everyHours ?? 1) * 3_600_000
  ) {
    while (next < ordered.length && Date.parse(ordered[next]!.arrivesAt) < ms) {
      await deliver(ports, buckets, ordered[next++]!, timeZone);
    }
    const now = new Date(ms + 5 * 60_000);
    const hour = localHour(now.toISOString(), timeZone);
    const closeDay = hour.endsWith('T01:00') ? previousPeriodStart(hour.slice(0, 10), 'day') : undefined;
    await updateRollups(ports, { now, timeZone, closeDay });
  }
  while (next < ordered.length) await deliver(ports, buckets, ordered[next++]!, timeZone);
  // The closes of the whole range, as the daily close would have done them with everything in.
  const now = new Date(options.to);
  await updateRollups(ports, { now, timeZone });
  for (
    let day = localHour(options.from, timeZone).slice(0, 10);
    day <= localHour(options.to, timeZone).slice(0, 10);
    day = nextPeriodStart(day, 'day')
  ) {
    await updateRollups(ports, { now, timeZone, closeDay: day });
  }
  return ports;
}
