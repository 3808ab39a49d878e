import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ScheduledEvent } from 'aws-lambda';
import type { EventPublisher } from '../../../shared/adapters/event-publisher.ts';
import type { IncidentStore } from '../../../shared/adapters/incident-store.ts';
import type { MentionStore } from '../../../shared/adapters/mention-store.ts';
import type { RadarStore } from '../../../shared/adapters/radar-store.ts';
import type { ClientConfig } from '../../../shared/config/client-config.ts';
import { advanceRadar, hourlyHistory, type RadarState } from '../../../shared/domain/crisis/radar.ts';
import { drivingTerms } from '../../../shared/domain/crisis/terms.ts';
import type { DomainEvent } from '../../../shared/events/catalog.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';

export interface DetectSpikesDependencies extends Observability {
  config: ClientConfig;
  mentionStore: MentionStore;
  radarStore: RadarStore;
  incidentStore: IncidentStore;
  publisher: EventPublisher;
}

const HOUR_MS = 3_600_000;
const TOP_MENTIONS = 5;

/**
 * Every 5 minutes (the schedule's time is "now", so a replay's simulated clock drives it):
 * counts since the last run → radar → incident events on the bus → state saved.
 * Events are published before the state is saved: a failed save re-publishes, and the alert
 * consumer's dedupe absorbs it; the reverse order could lose an alert.
 */
export function createHandler(deps: DetectSpikesDependencies): Handler<ScheduledEvent, { events: number }> {
  const { logger, metrics, mentionStore, radarStore, incidentStore, publisher, config } = deps;
  return withObservability(async (event) => {
    const now = event.time;
    const { state, version } = await radarStore.load();
    const from = state.through ?? new Date(Date.parse(now) - HOUR_MS).toISOString();
    const buckets = await mentionStore.countsBetween(from, now);
    const acknowledged = state.incident
      ? await incidentStore.isAcknowledged(state.incident.incidentId)
      : false;
    const result = advanceRadar(state, buckets, now, {
      sensitivity: config.crisis.sensitivity,
      timeZone: config.client.timeZone,
      reminderMinutes: config.crisis.reminderMinutes,
      acknowledged,
    });
    if (result.events.length) {
      await publisher.publish(await withContext(result.events, result.state, now));
      logger.info('incident events published', { events: result.events.map((e) => e.name) });
    }
    await radarStore.save(result.state, version);
    // Only when there is something: a custom metric is billed for every hour it is published, zeros included.
    if (result.events.length) metrics.addMetric('IncidentEvents', MetricUnit.Count, result.events.length);
    return { events: result.events.length };
  }, deps);

  /** What the email needs beyond the numbers: the 24-hour chart, the most visible mentions, the words. */
  async function withContext(events: DomainEvent[], state: RadarState, now: string): Promise<DomainEvent[]> {
    const needsContext = events.some(
      (e) => e.name === 'incidentOpened' || e.name === 'incidentEscalated' || e.name === 'incidentReminder',
    );
    if (!needsContext) return events;
    const lastHour = await mentionStore.mentionsBetween(
      new Date(Date.parse(now) - HOUR_MS).toISOString(),
      now,
    );
    const negative = lastHour.filter((mention) => mention.label === 'negative');
    const topMentions = [...negative]
      .sort((a, b) => (b.author?.followers ?? 0) - (a.author?.followers ?? 0) || a.score - b.score)
      .slice(0, TOP_MENTIONS)
      .map((mention) => ({
        network: mention.network,
        text: Array.from(mention.text).slice(0, 280).join(''),
        handle: mention.author?.handle,
        followers: mention.author?.followers,
        url: mention.url,
      }));
    const context = {
      hourly: hourlyHistory(state).slice(-24),
      topMentions,
      terms: drivingTerms(negative.map((m) => m.text)),
    };
    return events.map((event) =>
      event.name === 'incidentResolved'
        ? event
        : ({ ...event, detail: { ...event.detail, ...context } } as DomainEvent),
    );
  }
}
