import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { DeliveryStore } from '../../../shared/adapters/delivery-store.ts';
import type { EventPublisher } from '../../../shared/adapters/event-publisher.ts';
import type { RawArchiveWriter } from '../../../shared/adapters/raw-archive.ts';
import type { WebhookSecrets } from '../../../shared/adapters/webhook-secrets.ts';
import type { ClientConfig, WebhookSource } from '../../../shared/config/client-config.ts';
import { webhookSources } from '../../../shared/domain/ingress/sources/index.ts';
import {
  type HttpResult,
  MAX_BODY_BYTES,
  problem,
  schemaProblems,
  type WebhookRequest,
} from '../../../shared/domain/ingress/webhook.ts';
import type { EventName } from '../../../shared/events/catalog.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';

export interface ReceiveWebhookDependencies extends Observability {
  config: ClientConfig;
  secrets: WebhookSecrets;
  deliveries: DeliveryStore;
  publisher: EventPublisher;
  /** The archive queue in front of the raw archive (archiveWebhooks writes it). */
  archive: RawArchiveWriter;
  now?: () => Date;
}

type HttpHandler = Handler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

/** Events whose consumers dedupe by the event's own id, so their deliveries need no memory. */
const DEDUPED_BY_CONSUMERS: ReadonlySet<EventName> = new Set(['mentionReceived', 'metricsSnapshotReceived']);

/**
 * POST /webhooks/{source}: verify → validate → normalize → dedupe → PutEvents (and the raw body to the
 * archive queue) → 202.
 * A 2xx is only sent once every event is on the bus; if the bus refuses, 503 makes the sender retry.
 * GET /webhooks/{source}: the sender's verification handshake, for sources that have one.
 */
export function createHandler(deps: ReceiveWebhookDependencies): HttpHandler {
  const { config, secrets, deliveries, publisher, archive, logger, metrics } = deps;
  const now = deps.now ?? (() => new Date());
  const enabled = new Set<string>(config.webhooks.map((hook) => hook.source));
  const rateLimiter = new PerMinuteLimiter(
    Object.fromEntries(
      config.webhooks.flatMap((hook) => (hook.maxPerMinute ? [[hook.source, hook.maxPerMinute]] : [])),
    ),
  );

  async function receive(event: APIGatewayProxyEventV2): Promise<HttpResult> {
    const source = event.pathParameters?.source ?? '';
    const adapter = enabled.has(source) ? webhookSources[source as WebhookSource] : undefined;
    if (!adapter) {
      metrics.addMetric('WebhooksUnknownSource', MetricUnit.Count, 1);
      return problem(404, 'unknown webhook source');
    }
    const request = toWebhookRequest(event);
    const secret = await secrets.get(adapter.source);
    if (!secret) {
      logger.error('webhook source has no secret configured', { source });
      metrics.addMetric('WebhooksWithoutSecret', MetricUnit.Count, 1);
      return problem(503, 'source not ready');
    }
    const reject = (result: HttpResult, reason: string, deliveryId?: string): HttpResult => {
      logger.warn('webhook rejected', { source, reason, deliveryId, statusCode: result.statusCode });
      metrics.addMetric('WebhooksRejected', MetricUnit.Count, 1);
      return result;
    };

    if (request.method === 'GET') {
      metrics.addMetric('WebhookHandshakes', MetricUnit.Count, 1);
      return adapter.handshake ? adapter.handshake(request, secret) : problem(405, 'method not allowed');
    }
    if (Buffer.byteLength(request.rawBody, 'utf8') > MAX_BODY_BYTES) {
      return reject(problem(413, 'body larger than 256 KB'), 'oversize');
    }
    const contentType = request.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(contentType)) {
      return reject(problem(415, 'content type must be application/json'), 'content type');
    }
    const verification = adapter.verify(request, secret, now());
    if (!verification.ok) return reject(problem(401, 'unauthorized'), verification.reason);
    const { deliveryId } = verification;
    // Counted after verification: strangers cannot use up a sender's allowance.
    if (!rateLimiter.allow(adapter.source, now())) {
      return reject(
        {
          statusCode: 429,
          body: { error: 'too many deliveries, retry later' },
          headers: { 'retry-after': '60' },
        },
        'rate limit',
        deliveryId,
      );
    }

    let json: unknown;
    try {
      json = JSON.parse(request.rawBody);
    } catch {
      return reject(problem(400, 'body is not valid JSON'), 'malformed JSON', deliveryId);
    }
    const parsed = adapter.schema.safeParse(json);
    if (!parsed.success) {
      return reject(
        problem(400, 'body does not match the schema', { issues: schemaProblems(parsed.error) }),
        'schema',
        deliveryId,
      );
    }
    const domainEvents = adapter.normalize(parsed.data);
    // Mentions and snapshots are stored under their own ids with conditional writes: a re-delivery
    // costs one failed condition downstream, less than remembering every delivery (a read and a
    // write each, two thirds of a storm's writes). Other events are remembered, as before.
    const remember = domainEvents.some((event) => !DEDUPED_BY_CONSUMERS.has(event.name));
    if (remember && (await deliveries.seen(adapter.source, deliveryId))) {
      logger.info('duplicate delivery acknowledged', { source, deliveryId });
      metrics.addMetric('WebhooksDuplicate', MetricUnit.Count, 1);
      return { statusCode: 200, body: { accepted: 0, duplicate: true } };
    }
    const archived = archive
      .put({
        source: adapter.source,
        deliveryId,
        receivedAt: now().toISOString(),
        // URL tokens authenticate; they are not archived.
        query: Object.fromEntries(Object.entries(request.query).filter(([name]) => name !== 'token')),
        rawBody: request.rawBody,
      })
      .catch((error: unknown) => {
        // The events are what must not be lost; a missing archive copy only limits a later reingest.
        logger.error('raw body not archived', { source, deliveryId, error });
        // Too large for the archive queue: retrying cannot help, so it is counted apart.
        const tooLarge = error instanceof Error && error.name === 'ArchiveMessageTooLarge';
        metrics.addMetric(
          tooLarge ? 'WebhookArchiveTooLarge' : 'WebhookArchiveFailures',
          MetricUnit.Count,
          1,
        );
      });
    try {
      await Promise.all([publisher.publish(domainEvents), archived]);
    } catch (error) {
      logger.error('events not published, asking the sender to retry', { source, deliveryId, error });
      metrics.addMetric('WebhooksNotPublished', MetricUnit.Count, 1);
      return problem(503, 'temporarily unavailable, retry later');
    }
    // Remembered only after publishing: a crash in between means a retry re-publishes (consumers dedupe),
    // never that an event is lost.
    if (remember) await deliveries.remember(adapter.source, deliveryId, now());
    // Only when there is something: a custom metric is billed for every hour it is published, zeros included.
    if (domainEvents.length)
      metrics.addMetric('WebhookEventsAccepted', MetricUnit.Count, domainEvents.length);
    logger.info('webhook accepted', { source, deliveryId, events: domainEvents.length });
    return { statusCode: 202, body: { accepted: domainEvents.length } };
  }

  return withObservability(async (event) => toResponse(await receive(event)), deps);
}

/**
 * Deliveries per source per clock minute, in this process: exact on the local stack, per function
 * instance in AWS (a ceiling of limit × concurrent instances; the HTTP API's stage throttling bounds
 * the total). Cheap on purpose: no write per delivery.
 */
class PerMinuteLimiter {
  private readonly windows = new Map<string, { minute: number; count: number }>();

  constructor(private readonly limits: Record<string, number>) {}

  allow(source: string, now: Date): boolean {
    const limit = this.limits[source];
    if (!limit) return true;
    const minute = Math.floor(now.getTime() / 60_000);
    const window = this.windows.get(source);
    if (!window || window.minute !== minute) {
      this.windows.set(source, { minute, count: 1 });
      return true;
    }
    window.count += 1;
    return window.count <= limit;
  }
}

function toWebhookRequest(event: APIGatewayProxyEventV2): WebhookRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value;
  const rawBody = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  return {
    method: event.requestContext.http.method.toUpperCase(),
    headers,
    query: event.queryStringParameters ?? {},
    rawBody,
  };
}

function toResponse(result: HttpResult): APIGatewayProxyStructuredResultV2 {
  const isText = typeof result.body === 'string';
  return {
    statusCode: result.statusCode,
    headers: { 'content-type': isText ? 'text/plain' : 'application/json', ...result.headers },
    body: isText ? (result.body as string) : JSON.stringify(result.body),
  };
}
