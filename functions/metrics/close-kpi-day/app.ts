import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ScheduledEvent } from 'aws-lambda';
import { type RollupRunSummary, updateRollups } from '../../../shared/domain/metrics/incremental.ts';
import { localHour, previousPeriodStart } from '../../../shared/domain/metrics/periods.ts';
import { type Handler, withObservability } from '../../../shared/runtime/observability.ts';
import { type RollupKpisDependencies, rollupPorts } from '../rollup-kpis/app.ts';

/** The local hour in which yesterday is finalized: late mentions and snapshots have had an hour. */
export const CLOSE_LOCAL_HOUR = '01';

/**
 * Runs every hour (schedules are in UTC, the client's midnight moves with DST) and acts in the
 * client's local 01:00 hour: recomputes every hour of yesterday, then its day, ISO week and month.
 */
export function createHandler(
  deps: RollupKpisDependencies,
): Handler<ScheduledEvent, (RollupRunSummary & { closed: string }) | { closed: null }> {
  return withObservability(async (event) => {
    const hour = localHour(event.time, deps.config.client.timeZone);
    if (hour.slice(11, 13) !== CLOSE_LOCAL_HOUR) return { closed: null };
    const closed = previousPeriodStart(hour.slice(0, 10), 'day');
    const summary = await updateRollups(rollupPorts(deps), {
      now: new Date(event.time),
      timeZone: deps.config.client.timeZone,
      closeDay: closed,
    });
    // Only when there is something: a custom metric is billed for every hour it is published, zeros included.
    if (summary.rowsChanged)
      deps.metrics.addMetric('RollupRowsChanged', MetricUnit.Count, summary.rowsChanged);
    deps.logger.info('day closed', { closed, ...summary });
    return { closed, ...summary };
  }, deps);
}
