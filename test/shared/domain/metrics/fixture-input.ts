import type { BucketDelta } from '../../../../shared/domain/crisis/buckets.ts';
import type { PostLink, RollupInput } from '../../../../shared/domain/metrics/rollup.ts';
import type { AccountSnapshot, MetricsSnapshot } from '../../../../shared/events/catalog.ts';
import type { Delivery } from './scenario.ts';

export const sameBucket = (a: BucketDelta, b: BucketDelta) =>
  a.bucketStart === b.bucketStart && a.network === b.network;

/** The raw data that deliveries leave behind: what a full recompute reads. */
export function rawInputOf(deliveries: readonly Delivery[]): RollupInput {
  const snapshots: MetricsSnapshot[] = [];
  const accountSnapshots: AccountSnapshot[] = [];
  const mentionBuckets: BucketDelta[] = [];
  const links = new Map<string, PostLink>();
  for (const delivery of deliveries) {
    if (delivery.kind === 'post') snapshots.push(delivery.snapshot);
    if (delivery.kind === 'account') accountSnapshots.push(delivery.snapshot);
    // A bucket is the crisis store's count of a 5-minute bucket: seen again, it is the same count.
    if (delivery.kind === 'mentions' && !mentionBuckets.some((bucket) => sameBucket(bucket, delivery.bucket)))
      mentionBuckets.push(delivery.bucket);
    if (delivery.kind === 'link') {
      const key = `POST#${delivery.network}#${delivery.postId}`;
      links.set(key, { ...links.get(key), ...delivery.link });
    }
  }
  return { snapshots, accountSnapshots, mentionBuckets, links };
}
