import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ScheduledEvent } from 'aws-lambda';
import type { EventPublisher } from '../../../shared/adapters/event-publisher.ts';
import type { MentionStore } from '../../../shared/adapters/mention-store.ts';
import type { RadarStore } from '../../../shared/adapters/radar-store.ts';
import type { ClientConfig } from '../../../shared/config/client-config.ts';
import { advanceRadar } from '../../../shared/domain/crisis/radar.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';

export interface DetectSpikesDependencies extends Observability {
  config: ClientConfig;
  mentionStore: MentionStore;
  radarStore: RadarStore;
  publisher: EventPublisher;
}

/**
 * Every 5 minutes (the schedule's time is "now", so a replay's simulated clock drives it):
 * counts since the last run → radar → incident events on the bus → state saved.
 * Events are published before the state is saved: a failed save re-publishes, and the alert
 * consumer's dedupe absorbs it; the reverse order could lose an alert.
 */
export function createHandler(deps: DetectSpikesDependencies): Handler<ScheduledEvent, { events: number }> {
  const { logger, metrics, mentionStore, radarStore, publisher, config } = deps;
  return withObservability(async (event) => {
    const now = event.time;
    const { state, version } = await radarStore.load();
    const from = state.through ?? new Date(Date.parse(now) - 60 * 60_000).toISOString();
    const buckets = await mentionStore.countsBetween(from, now);
    const result = advanceRadar(state, buckets, now, config.crisis.sensitivity);
    if (result.events.length) {
      await publisher.publish(result.events);
      logger.info('incident events published', { events: result.events.map((e) => e.name) });
    }
    await radarStore.save(result.state, version);
    metrics.addMetric('IncidentEvents', MetricUnit.Count, result.events.length);
    return { events: result.events.length };
  }, deps);
}
