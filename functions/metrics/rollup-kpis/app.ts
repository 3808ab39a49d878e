import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ScheduledEvent } from 'aws-lambda';
import type { ContributionStore } from '../../../shared/adapters/contribution-store.ts';
import type { MentionStore } from '../../../shared/adapters/mention-store.ts';
import type { PostLinks } from '../../../shared/adapters/post-links.ts';
import type { PostMetricsStore } from '../../../shared/adapters/post-metrics-store.ts';
import type { RollupStore } from '../../../shared/adapters/rollup-store.ts';
import type { SnapshotStore } from '../../../shared/adapters/snapshot-store.ts';
import type { ClientConfig } from '../../../shared/config/client-config.ts';
import { type RollupRunSummary, updateRollups } from '../../../shared/domain/metrics/incremental.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';

export interface RollupKpisDependencies extends Observability {
  config: ClientConfig;
  snapshotStore: SnapshotStore;
  contributionStore: ContributionStore;
  postLinks: PostLinks;
  rollupStore: RollupStore;
  postMetricsStore: PostMetricsStore;
  mentionStore: Pick<MentionStore, 'countsBetween'>;
}

/** The ports of the incremental rollup, from a function's dependencies. */
export function rollupPorts(deps: RollupKpisDependencies) {
  return {
    snapshots: deps.snapshotStore,
    contributions: deps.contributionStore,
    postLinks: deps.postLinks,
    rollups: deps.rollupStore,
    posts: deps.postMetricsStore,
    mentions: deps.mentionStore,
  };
}

/**
 * Every hour (the schedule's time is "now", so a replay's simulated clock drives it): recomputes
 * what new snapshots changed and the open periods (the current hour, day, ISO week and month).
 * Idempotent: a retried run recomputes the same rows from the same data.
 */
export function createHandler(deps: RollupKpisDependencies): Handler<ScheduledEvent, RollupRunSummary> {
  return withObservability(async (event) => {
    const summary = await updateRollups(rollupPorts(deps), {
      now: new Date(event.time),
      timeZone: deps.config.client.timeZone,
    });
    // Only when there is something: a custom metric is billed for every hour it is published, zeros included.
    if (summary.rowsChanged)
      deps.metrics.addMetric('RollupRowsChanged', MetricUnit.Count, summary.rowsChanged);
    deps.logger.info('rollups updated', { ...summary });
    return summary;
  }, deps);
}
