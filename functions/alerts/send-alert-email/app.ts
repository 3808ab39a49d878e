import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { EventBridgeEvent } from 'aws-lambda';
import type { AlertStore } from '../../../shared/adapters/alert-store.ts';
import type { Mailer } from '../../../shared/adapters/mailer.ts';
import type { ClientConfig } from '../../../shared/config/client-config.ts';
import { type AlertEvent, alertOf, isAlertEvent } from '../../../shared/domain/alerts/alerts.ts';
import { renderAlertEmail } from '../../../shared/domain/alerts/email.ts';
import { buildMime } from '../../../shared/domain/alerts/mime.ts';
import { acknowledgementUrl } from '../../../shared/domain/crisis/acknowledgement.ts';
import { type EventName, events } from '../../../shared/events/catalog.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';

export interface SendAlertEmailDependencies extends Observability {
  config: ClientConfig;
  alertStore: AlertStore;
  mailer: Mailer;
  /** Where signed links in emails point to, and the key that signs them. */
  links: { apiUrl: string; signingKey: () => Promise<string> };
}

type BusEvent = EventBridgeEvent<string, unknown>;

/** Parses a bus event into one of the alert events, validating its detail against the catalog. */
export function parseAlertEvent(event: BusEvent): AlertEvent {
  const entry = Object.entries(events).find(
    ([, contract]) => contract.detailType === event['detail-type'] && contract.source === event.source,
  );
  if (!entry || !isAlertEvent(entry[0] as EventName)) {
    throw new Error(`not an alert event: ${event.source} / ${event['detail-type']}`);
  }
  const [name, contract] = entry;
  return { name, detail: contract.schema.parse(event.detail) } as AlertEvent;
}

/** One alert event → at most one email (claimed in the table first), in the client's language. */
export function createHandler(deps: SendAlertEmailDependencies): Handler<BusEvent, { sent: boolean }> {
  const { config, alertStore, mailer, logger, metrics } = deps;
  return withObservability(async (event) => {
    const alertEvent = parseAlertEvent(event);
    const alert = alertOf(alertEvent);
    if ((await alertStore.claim(alert)) === 'already-sent') {
      logger.info('alert already sent', { key: alert.key });
      metrics.addMetric('AlertEmailsDeduplicated', MetricUnit.Count, 1);
      return { sent: false };
    }
    const incidentId = 'incidentId' in alertEvent.detail ? alertEvent.detail.incidentId : undefined;
    const acknowledgeUrl =
      incidentId && alertEvent.name !== 'incidentResolved'
        ? acknowledgementUrl(deps.links.apiUrl, incidentId, await deps.links.signingKey())
        : undefined;
    const rendered = renderAlertEmail(alertEvent, config, { acknowledgeUrl });
    try {
      await mailer.send({
        from: config.alerts.sender,
        to: config.alerts.recipients,
        subject: rendered.subject,
        raw: buildMime({
          from: config.alerts.sender,
          to: config.alerts.recipients,
          ...rendered,
          date: new Date(alert.at),
          messageKey: alert.key,
        }),
      });
    } catch (error) {
      // The alarm on this metric tells ops at once; the bus retries, then the DLQ keeps the event.
      metrics.addMetric('AlertEmailsFailed', MetricUnit.Count, 1);
      logger.error('alert email not sent', { kind: alert.kind, key: alert.key, error });
      throw error;
    }
    await alertStore.markSent(alert);
    metrics.addMetric('AlertEmailsSent', MetricUnit.Count, 1);
    logger.info('alert email sent', { kind: alert.kind, key: alert.key });
    return { sent: true };
  }, deps);
}
