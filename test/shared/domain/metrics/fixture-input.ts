import type { BucketDelta } from '../../../../shared/domain/crisis/buckets.ts';
import type { PostLink, RollupInput } from '../../../../shared/domain/metrics/rollup.ts';
import type { AccountSnapshot, MetricsSnapshot } from '../../../../shared/events/catalog.ts';
import type { Delivery } from './scenario.ts';

/** The raw data that deliveries leave behind: what a full recompute reads. */
export function rawInputOf(deliveries: readonly Delivery[]): RollupInput {
  const snapshots: MetricsSnapshot[] = [];
  const accountSnapshots: AccountSnapshot[] = [];
  const mentionBuckets: BucketDelta[] = [];
  const links = new Map<string, PostLink>();
  for (const delivery of deliveries) {
    if (delivery.kind === 'post') snapshots.push(delivery.snapshot);
    if (delivery.kind === 'account') accountSnapshots.push(delivery.snapshot);
    if (delivery.kind === 'mentions') mentionBuckets.push(delivery.bucket);
    if (delivery.kind === 'link') {
      const key = `POST#${delivery.network}#${delivery.postId}`;
      links.set(key, { ...links.get(key), ...delivery.link });
    }
  }
  return { snapshots, accountSnapshots, mentionBuckets, links };
}
