import type { ClientConfig } from '../config/client-config.ts';
import { DynamoContributionStore } from './contribution-store.ts';
import type { TableRef } from './dynamodb.ts';
import { DynamoMentionStore } from './mention-store.ts';
import { DynamoPostLinks } from './post-links.ts';
import { DynamoPostMetricsStore } from './post-metrics-store.ts';
import { DynamoRollupStore } from './rollup-store.ts';
import { DynamoSnapshotStore } from './snapshot-store.ts';

/** The stores of the metrics capability on one table, named as the functions' dependencies name them. */
export function metricsStores(table: TableRef, config: ClientConfig) {
  return {
    snapshotStore: new DynamoSnapshotStore(table),
    contributionStore: new DynamoContributionStore(table),
    postLinks: new DynamoPostLinks(table),
    rollupStore: new DynamoRollupStore(table),
    postMetricsStore: new DynamoPostMetricsStore(table),
    // Read-only here: the rollup reads the crisis radar's 5-minute mention buckets.
    mentionStore: new DynamoMentionStore(table, {
      retentionDays: config.crisis.retentionDays,
      orphanAfterMs: 0,
    }),
  };
}
