import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ScheduledEvent } from 'aws-lambda';
import type { AlertStore } from '../../../shared/adapters/alert-store.ts';
import type { Mailer } from '../../../shared/adapters/mailer.ts';
import type { OnceStore } from '../../../shared/adapters/once-store.ts';
import type { ClientConfig } from '../../../shared/config/client-config.ts';
import { keys } from '../../../shared/data/table.ts';
import { buildMime } from '../../../shared/domain/alerts/mime.ts';
import { addMonths, localDateTime } from '../../../shared/domain/metrics/calendar.ts';
import {
  buildMonthlyReport,
  hasData,
  type PostReader,
  readMonthlyReportData,
} from '../../../shared/domain/metrics/monthly-report.ts';
import { renderMonthlyReport } from '../../../shared/domain/metrics/report-html.ts';
import type { RollupReader } from '../../../shared/domain/metrics/worry-lines.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';

export interface SendMonthlyReportDependencies extends Observability {
  config: ClientConfig;
  rollupStore: RollupReader;
  postMetricsStore: PostReader;
  alertStore: Pick<AlertStore, 'listMonth'>;
  onceStore: OnceStore;
  mailer: Mailer;
}

/** From this local hour on the 1st: the morning, once yesterday's rollups and worry lines are done. */
export const REPORT_LOCAL_HOUR = 8;
/** A report that could not be sent on the 1st (SES down, a bug) is tried again each hour until the 3rd. */
export const LAST_CATCH_UP_DAY = 3;

/**
 * Hourly in UTC; acts on the 1st of the month in the client's time zone from 08:00 local (so DST
 * changes nothing): the previous month's report, built, rendered and emailed once. The month is
 * claimed in the table first; a run that fails before marking it sent leaves it to the next hour
 * (until the 3rd); the runs after it is sent do nothing.
 */
export function createHandler(
  deps: SendMonthlyReportDependencies,
): Handler<ScheduledEvent, { sent: boolean; month?: string }> {
  const { config, rollupStore, postMetricsStore, alertStore, onceStore, mailer, logger, metrics } = deps;
  const timeZone = config.client.timeZone;
  return withObservability(async (event) => {
    const { date, hour } = localDateTime(event.time, timeZone);
    const dayOfMonth = Number(date.slice(8, 10));
    if (dayOfMonth > LAST_CATCH_UP_DAY || (dayOfMonth === 1 && hour < REPORT_LOCAL_HOUR))
      return { sent: false };
    const month = addMonths(date, -1).slice(0, 7);
    const key = keys.monthlyReport(month);
    if ((await onceStore.claim(key, event.time)) === 'done') return { sent: false, month };

    const data = await readMonthlyReportData({ rollups: rollupStore, posts: postMetricsStore }, month);
    // Alerts are partitioned by UTC month: the local month spans up to three of them.
    const alerts = [];
    for (const offset of [-1, 0, 1])
      alerts.push(...(await alertStore.listMonth(addMonths(`${month}-01`, offset).slice(0, 7))));
    const report = buildMonthlyReport({
      month,
      brand: config.client.displayName,
      language: config.client.language,
      timeZone,
      ...data,
      worryLines: config.worryLines,
      alerts,
    });
    if (!hasData(report)) {
      await onceStore.markDone(key);
      logger.info('no data for the month: no report', { month });
      return { sent: false, month };
    }
    const rendered = renderMonthlyReport(report, 'cid');
    await mailer.send({
      from: config.alerts.sender,
      to: config.alerts.recipients,
      subject: rendered.subject,
      raw: buildMime({
        from: config.alerts.sender,
        to: config.alerts.recipients,
        ...rendered,
        date: new Date(event.time),
        messageKey: `report.monthly#${month}`,
      }),
    });
    await onceStore.markDone(key);
    metrics.addMetric('MonthlyReportsSent', MetricUnit.Count, 1);
    logger.info('monthly report sent', { month, posts: report.postsOfMonth });
    return { sent: true, month };
  }, deps);
}
