import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { EventBridgeEvent } from 'aws-lambda';
import { Webhook } from 'standardwebhooks';
import type { DeliveryStore } from '../../../shared/adapters/delivery-store.ts';
import { excerpt, exchange } from '../../../shared/adapters/publishers/http.ts';
import type { SigningSecrets } from '../../../shared/adapters/signing-secrets.ts';
import type { ClientConfig } from '../../../shared/config/client-config.ts';
import {
  endpointsFor,
  type OutboundEndpoint,
  outboundMessage,
} from '../../../shared/domain/publishing/outbound.ts';
import { contractByDetailType } from '../../../shared/events/catalog.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';

export interface DeliverOutboundWebhooksDependencies extends Observability {
  config: ClientConfig;
  outboundWebhookSecrets: SigningSecrets;
  /** Messages already delivered: a retry after a partial failure resends only what failed. */
  deliveries: DeliveryStore;
  fetch?: typeof fetch;
  /** Per delivery; the function's timeout bounds them all (they run in parallel). */
  outboundTimeoutMs?: number;
  now?: () => Date;
}

type BusEvent = EventBridgeEvent<string, unknown>;

/** The delivery store's namespace for outbound messages (inbound ones use the webhook source). */
const OUTBOUND = 'outbound';

export interface DeliveryReport {
  delivered: string[];
  /** Delivered by an earlier run of the same event (a retry after another endpoint failed). */
  alreadyDelivered: string[];
  /** Endpoints that refused the delivery for good (4xx other than 408/429): retrying cannot help. */
  refused: string[];
}

export class OutboundDeliveryError extends Error {
  override readonly name = 'OutboundDeliveryError';
}

/**
 * One `publication.*` event → one signed Standard Webhooks POST to each configured endpoint that
 * wants it. A 5xx, 408, 429, timeout or connection failure of any endpoint fails the invocation, so
 * Lambda's asynchronous retries run it again and the DLQ (with its alarm) catches what still
 * fails; a retry skips the endpoints already delivered (remembered for 7 days), and a repeat
 * carries the same webhook-id, which receivers deduplicate on. A permanent refusal
 * (other 4xx) is logged with the endpoint's answer and counted, not retried.
 */
export function createHandler(deps: DeliverOutboundWebhooksDependencies): Handler<BusEvent, DeliveryReport> {
  const { config, logger, metrics } = deps;
  const endpoints: readonly OutboundEndpoint[] = config.outboundWebhooks;

  async function deliver(
    event: BusEvent,
    endpoint: OutboundEndpoint,
  ): Promise<'delivered' | 'alreadyDelivered' | 'refused'> {
    const message = outboundMessage(
      { detailType: event['detail-type'], time: event.time, detail: event.detail },
      endpoint,
    );
    if (await deps.deliveries.seen(OUTBOUND, message.id)) return 'alreadyDelivered';
    const secret = await deps.outboundWebhookSecrets.get(endpoint.secretName);
    if (!secret) throw new OutboundDeliveryError(`no signing secret in ${endpoint.secretName}`);
    const at = deps.now?.() ?? new Date();
    const result = await exchange(
      endpoint.url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': message.id,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': new Webhook(secret).sign(message.id, at, message.body),
        },
        body: message.body,
      },
      { fetch: deps.fetch, timeoutMs: deps.outboundTimeoutMs ?? 10_000 },
    );
    if (result.kind !== 'answered') throw new OutboundDeliveryError(`${endpoint.url}: ${result.reason}`);
    if (result.status >= 200 && result.status < 300) {
      await deps.deliveries.remember(OUTBOUND, message.id, at);
      return 'delivered';
    }
    if (result.status >= 500 || result.status === 408 || result.status === 429) {
      throw new OutboundDeliveryError(`${endpoint.url}: ${result.status}`);
    }
    logger.error('outbound webhook refused', {
      url: endpoint.url,
      status: result.status,
      answer: excerpt(result.body),
      webhookId: message.id,
    });
    return 'refused';
  }

  return withObservability(
    async (event) => {
      const contract = contractByDetailType(event['detail-type']);
      if (!contract || !event['detail-type'].startsWith('publication.')) {
        throw new Error(`not a publication event: ${event.source} / ${event['detail-type']}`);
      }
      contract.schema.parse(event.detail);
      const targets = endpointsFor(event['detail-type'], endpoints);
      const results = await Promise.allSettled(targets.map((endpoint) => deliver(event, endpoint)));
      const report: DeliveryReport = { delivered: [], alreadyDelivered: [], refused: [] };
      const failures: string[] = [];
      results.forEach((result, index) => {
        const url = targets[index]!.url;
        if (result.status === 'rejected') failures.push((result.reason as Error).message);
        else report[result.value].push(url);
      });
      // Only when there is something: a custom metric is billed for every hour it is published, zeros included.
      if (report.delivered.length)
        metrics.addMetric('OutboundWebhooksDelivered', MetricUnit.Count, report.delivered.length);
      if (report.refused.length)
        metrics.addMetric('OutboundWebhooksRefused', MetricUnit.Count, report.refused.length);
      if (failures.length) {
        metrics.addMetric('OutboundWebhooksFailed', MetricUnit.Count, failures.length);
        throw new OutboundDeliveryError(`outbound webhooks failed, retried: ${failures.join('; ')}`);
      }
      logger.info('outbound webhooks delivered', { detailType: event['detail-type'], ...report });
      return report;
    },
    deps,
    (event) => event.id,
  );
}
