import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ScheduledEvent } from 'aws-lambda';
import type { EventPublisher } from '../../../shared/adapters/event-publisher.ts';
import type { MetricsPuller } from '../../../shared/adapters/metrics-puller.ts';
import type { NetworkTokens } from '../../../shared/adapters/network-tokens.ts';
import type { ClientConfig } from '../../../shared/config/client-config.ts';
import { type DomainEvent, domainEvent } from '../../../shared/events/catalog.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';

export interface PullMetricsDependencies extends Observability {
  config: ClientConfig;
  networkTokens: NetworkTokens;
  publisher: EventPublisher;
  metricsPullers: readonly MetricsPuller[];
}

/**
 * Every hour: for each network with a puller and a configured account, reads the account's and its
 * recent posts' insights and puts them on the bus as snapshots (recordMetrics stores them). A
 * network that fails does not stop the others; the run then fails, so it is retried (snapshot ids
 * come from the schedule's time: a retry makes the same ids) and lands in the DLQ after the retries.
 */
export function createHandler(
  deps: PullMetricsDependencies,
): Handler<ScheduledEvent, { posts: number; accounts: number }> {
  const { config, networkTokens, publisher, metricsPullers, logger, metrics } = deps;
  return withObservability(async (event) => {
    let posts = 0;
    let accounts = 0;
    const failures: string[] = [];
    for (const puller of metricsPullers) {
      const account = config.accounts[puller.network];
      if (!account) continue;
      const token = await networkTokens.get(puller.network);
      if (!token) {
        logger.warn('no access token: metrics not pulled', { network: puller.network });
        continue;
      }
      try {
        const pulled = await puller.pull({
          accountId: account.accountId,
          token,
          at: event.time,
          timeZone: config.client.timeZone,
        });
        const snapshots: DomainEvent[] = pulled.posts.map((post) =>
          domainEvent('metricsSnapshotReceived', post),
        );
        if (pulled.account) snapshots.push(domainEvent('accountSnapshotReceived', pulled.account));
        await publisher.publish(snapshots);
        posts += pulled.posts.length;
        accounts += pulled.account ? 1 : 0;
      } catch (error) {
        logger.error('metrics pull failed', { network: puller.network, error: error as Error });
        failures.push(`${puller.network}: ${(error as Error).message}`);
      }
    }
    // Only when there is something: a custom metric is billed for every hour it is published, zeros included.
    if (posts) metrics.addMetric('PostSnapshotsPulled', MetricUnit.Count, posts);
    if (failures.length) throw new Error(`metrics pulls failed: ${failures.join('; ')}`);
    return { posts, accounts };
  }, deps);
}
