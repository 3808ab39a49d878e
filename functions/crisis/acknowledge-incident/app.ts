import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { IncidentStore } from '../../../shared/adapters/incident-store.ts';
import type { ClientConfig } from '../../../shared/config/client-config.ts';
import { escapeHtml } from '../../../shared/domain/alerts/email.ts';
import { isValidAcknowledgement } from '../../../shared/domain/crisis/acknowledgement.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';

export interface AcknowledgeIncidentDependencies extends Observability {
  config: ClientConfig;
  incidentStore: IncidentStore;
  /** The current link key (fetched and cached by the adapter). */
  linkSigningKey: () => Promise<string>;
  now?: () => Date;
}

/** GET /incidents/{incidentId}/acknowledge?sig=… — the link in crisis emails: stops the reminders. */
export function createHandler(
  deps: AcknowledgeIncidentDependencies,
): Handler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const { config, incidentStore, linkSigningKey, logger } = deps;
  const fr = config.client.language === 'fr';
  const page = (statusCode: number, message: string): APIGatewayProxyStructuredResultV2 => ({
    statusCode,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html><body style="font-family:sans-serif"><p>${escapeHtml(message)}</p></body></html>`,
  });
  return withObservability(async (event) => {
    const incidentId = event.pathParameters?.incidentId ?? '';
    if (!isValidAcknowledgement(incidentId, event.queryStringParameters?.sig, await linkSigningKey())) {
      logger.warn('acknowledge link rejected', { incidentId: incidentId.slice(0, 64) });
      return page(403, fr ? 'Lien invalide.' : 'Invalid link.');
    }
    await incidentStore.acknowledge(incidentId, (deps.now?.() ?? new Date()).toISOString());
    deps.metrics.addMetric('IncidentsAcknowledged', MetricUnit.Count, 1);
    logger.info('incident acknowledged', { incidentId });
    return page(
      200,
      fr
        ? `Incident ${incidentId} pris en charge : plus de rappels.`
        : `Incident ${incidentId} acknowledged: no more reminders.`,
    );
  }, deps);
}
