import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ScheduledEvent } from 'aws-lambda';
import type { EventPublisher } from '../../../shared/adapters/event-publisher.ts';
import type { OnceStore } from '../../../shared/adapters/once-store.ts';
import type { ClientConfig } from '../../../shared/config/client-config.ts';
import { expiresAfterDays, keys } from '../../../shared/data/table.ts';
import { alertOf } from '../../../shared/domain/alerts/alerts.ts';
import { localDateTime } from '../../../shared/domain/metrics/calendar.ts';
import {
  closedPeriods,
  crossingDetail,
  evaluateWorryLines,
  type KpiRow,
  type RollupReader,
} from '../../../shared/domain/metrics/worry-lines.ts';
import { domainEvent } from '../../../shared/events/catalog.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';

export interface EvaluateWorryLinesDependencies extends Observability {
  config: ClientConfig;
  rollupStore: RollupReader;
  onceStore: OnceStore;
  publisher: EventPublisher;
}

/**
 * The local hour at which closed periods are evaluated: after the daily close has finalized
 * yesterday's rollups. The schedule is hourly in UTC, so the run follows the client's clock
 * through DST changes.
 */
export const EVALUATION_LOCAL_HOUR = 2;
/** Crossing records outlive the lookback by far; then DynamoDB deletes them. */
const CROSSING_RECORD_DAYS = 400;

/**
 * Hourly; at 02:xx local: the worry lines against the closed days (the last three), the last ISO
 * week and the last month → one `kpi.threshold.crossed` per crossed line and period, ever. Each
 * crossing is claimed in the table before it is published and marked after: a second evaluation
 * (a retry, the next day's lookback) publishes nothing again.
 */
export function createHandler(
  deps: EvaluateWorryLinesDependencies,
): Handler<ScheduledEvent, { evaluated: boolean; crossings: number; published: number }> {
  const { config, rollupStore, onceStore, publisher, logger, metrics } = deps;
  const timeZone = config.client.timeZone;
  return withObservability(async (event) => {
    const { date, hour } = localDateTime(event.time, timeZone);
    if (hour !== EVALUATION_LOCAL_HOUR || config.worryLines.length === 0) {
      return { evaluated: false, crossings: 0, published: 0 };
    }
    const ranges = closedPeriods(date);
    const rows: KpiRow[] = [];
    const queried = new Set<string>();
    for (const line of config.worryLines) {
      const query = { period: line.period, network: line.network, ...ranges[line.period] };
      const id = JSON.stringify(query);
      if (queried.has(id)) continue;
      queried.add(id);
      const found = await rollupStore.list(query);
      // Closed periods without rows: the rollups are late or missing, and no line can be crossed.
      if (!found.length) {
        logger.warn('no rollups for closed periods', { ...query });
        metrics.addMetric('WorryLinesWithoutRollups', MetricUnit.Count, 1);
      }
      rows.push(...found);
    }
    const crossings = evaluateWorryLines(rows, config.worryLines);
    let published = 0;
    for (const crossing of crossings) {
      const detail = crossingDetail(crossing, timeZone);
      const key = keys.worryLineCrossing(alertOf({ name: 'kpiThresholdCrossed', detail }).key);
      if (
        (await onceStore.claim(key, detail.at, expiresAfterDays(detail.at, CROSSING_RECORD_DAYS))) === 'done'
      )
        continue;
      await publisher.publish([domainEvent('kpiThresholdCrossed', detail)]);
      await onceStore.markDone(key);
      published += 1;
      logger.info('worry line crossed', { kpi: detail.kpi, period: detail.period, start: crossing.start });
    }
    // Only when there is something: a custom metric is billed for every hour it is published, zeros included.
    if (published) metrics.addMetric('WorryLineCrossings', MetricUnit.Count, published);
    return { evaluated: true, crossings: crossings.length, published };
  }, deps);
}
