import type { Network } from '../../config/client-config.ts';
import type { Mention } from '../../events/catalog.ts';
import type { SentimentLabel } from '../../sentiment/index.ts';

/** Mentions are counted in 5-minute buckets per network: small enough to see a storm within minutes. */
export const BUCKET_MINUTES = 5;
const BUCKET_MS = BUCKET_MINUTES * 60_000;

export interface LabeledMention extends Mention {
  label: SentimentLabel;
  score: number;
  /** Whether the label came from the upstream tool or from Vigie's analyzer. */
  labelSource: 'upstream' | 'builtin' | 'comprehend';
}

export interface BucketCounts {
  total: number;
  negative: number;
  neutral: number;
  positive: number;
  /** Sum of the followers of the authors of negative mentions: how far the negativity can spread. */
  negativeReach: number;
}

export interface BucketDelta {
  bucketStart: string;
  network: Network;
  counts: BucketCounts;
}

export function bucketStartOf(at: string): string {
  const ms = Date.parse(at);
  return new Date(ms - (ms % BUCKET_MS)).toISOString();
}

export function emptyCounts(): BucketCounts {
  return { total: 0, negative: 0, neutral: 0, positive: 0, negativeReach: 0 };
}

/** Groups mentions into per-bucket, per-network deltas: one counter write per bucket per batch. */
export function countByBucket(mentions: readonly LabeledMention[]): BucketDelta[] {
  const deltas = new Map<string, BucketDelta>();
  for (const mention of mentions) {
    const bucketStart = bucketStartOf(mention.at);
    const key = `${bucketStart}#${mention.network}`;
    let delta = deltas.get(key);
    if (!delta) {
      delta = { bucketStart, network: mention.network, counts: emptyCounts() };
      deltas.set(key, delta);
    }
    delta.counts.total += 1;
    delta.counts[mention.label] += 1;
    if (mention.label === 'negative') delta.counts.negativeReach += mention.author?.followers ?? 0;
  }
  return [...deltas.values()];
}
