import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';

export const METRICS_NAMESPACE = 'Vigie';

export interface Observability {
  logger: Logger;
  metrics: Metrics;
  /** Absent in unit tests that build their own logger and metrics. */
  tracer?: Tracer;
}

/**
 * The Tracer is loaded inside Lambda only. Importing the X-Ray SDK behind it installs async hooks that
 * make every `await` of the process many times slower (2 million awaits: 0.15 s → 2.6 s on this
 * machine), and the local stack, replay and the tests run every function in one process, where
 * Powertools would not trace anyway. In a bundle without `observability.sdkTracing` the module is the
 * no-op of tracer-off.ts.
 */
const tracing = process.env.AWS_LAMBDA_FUNCTION_NAME
  ? {
      Tracer: (await import('@aws-lambda-powertools/tracer')).Tracer,
      captureLambdaHandler: (await import('@aws-lambda-powertools/tracer/middleware')).captureLambdaHandler,
    }
  : undefined;

/** One tracer per process: in Lambda a process runs one function. */
let processTracer: Tracer | undefined;

function tracerOf(serviceName?: string): Tracer | undefined {
  if (!tracing) return undefined;
  processTracer ??= new tracing.Tracer(serviceName ? { serviceName } : {});
  return processTracer;
}

/** Logger, metrics and tracer of one function (service name = function id), built once per process. */
export function observability(functionId: string): Observability {
  const logger = new Logger({ serviceName: functionId });
  return {
    logger,
    metrics: new Metrics({
      namespace: METRICS_NAMESPACE,
      serviceName: functionId,
      // An invocation with nothing to count publishes no metric by design (a custom metric is billed for
      // every hour it is published, zeros included): Powertools' warning about it is demoted to debug.
      logger: {
        debug: (...content) => logger.debug(content.join(' ')),
        info: (...content) => logger.info(content.join(' ')),
        warn: (...content) =>
          String(content[0]).startsWith('No application metrics')
            ? logger.debug(content.join(' '))
            : logger.warn(content.join(' ')),
        error: (...content) => logger.error(content.join(' ')),
      },
    }),
    tracer: tracerOf(functionId),
  };
}

/**
 * An AWS SDK v3 client whose calls are X-Ray subsegments (in Lambda with active tracing, when the
 * client configuration's `observability.sdkTracing` is on: otherwise the bundle's Tracer is the no-op
 * of tracer-off.ts; unchanged elsewhere). Call it where the client is built, at module scope: it
 * only wraps the middleware stack.
 */
export function traced<Client>(client: Client): Client {
  const tracer = tracerOf(process.env.POWERTOOLS_SERVICE_NAME);
  return tracer ? (tracer.captureAWSv3Client(client as never) as Client) : client;
}

const correlation = new AsyncLocalStorage<{ correlationId: string; batch?: string[] }>();

/** The correlation id of the invocation (or record) being handled: stamped on every event it publishes. */
export function currentCorrelationId(): string | undefined {
  return correlation.getStore()?.correlationId;
}

/** Runs `work` under another correlation id: for batch consumers that publish on behalf of one record. */
export function withCorrelationId<Result>(correlationId: string, work: () => Result): Result {
  return correlation.run({ correlationId }, work);
}

export type Handler<Event, Result> = (event: Event, context: Context) => Promise<Result>;

/**
 * The correlation id carried by an incoming event, whatever the trigger: the HTTP API's request id
 * (the first hop), the id stamped in a bus event's detail by its producer (else the event's own id),
 * or for an SQS batch the ids of its records.
 */
export function correlationIdsOf(event: unknown): string[] {
  const shape = event as {
    requestContext?: { requestId?: string };
    detail?: { correlationId?: unknown };
    id?: string;
    Records?: { body?: string }[];
  };
  if (shape?.requestContext?.requestId) return [shape.requestContext.requestId];
  if (shape?.detail && typeof shape.detail === 'object') {
    const stamped = shape.detail.correlationId;
    return [typeof stamped === 'string' ? stamped : (shape.id ?? '')].filter(Boolean);
  }
  if (Array.isArray(shape?.Records)) {
    const ids = shape.Records.flatMap((record) => {
      try {
        return correlationIdsOf(JSON.parse(record.body ?? ''));
      } catch {
        return [];
      }
    });
    return [...new Set(ids)];
  }
  return shape?.id ? [shape.id] : [];
}

/**
 * Wraps a handler with the Powertools middlewares every Vigie function uses: an X-Ray subsegment
 * for the handler (with `observability.sdkTracing`), the Lambda context and a correlation id in every log line, and metrics flushed at the
 * end of each invocation. The correlation id also scopes the invocation, so the events it publishes
 * carry it on to the next hop. A batch (several ids) logs the ids it received once.
 */
export function withObservability<Event, Result>(
  handler: Handler<Event, Result>,
  { logger, metrics, tracer }: Observability,
  correlationIdOf?: (event: Event) => string | undefined,
): Handler<Event, Result> {
  const base = middy(handler);
  const traced =
    tracer && tracing ? base.use(tracing.captureLambdaHandler(tracer, { captureResponse: false })) : base;
  const wrapped = traced
    // Never the event: it holds signatures, tokens and mention texts, whatever POWERTOOLS_LOGGER_LOG_EVENT says.
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .use(logMetrics(metrics))
    .before(() => {
      const scope = correlation.getStore();
      if (!scope) return;
      logger.setCorrelationId(scope.correlationId);
      if (scope.batch) logger.info('batch received', { correlationIds: scope.batch });
    });
  return (event, context) => {
    const received = correlationIdOf
      ? [correlationIdOf(event)].filter((id): id is string => Boolean(id))
      : correlationIdsOf(event);
    const single = received.length === 1 ? received[0] : undefined;
    const scope = {
      correlationId: single ?? context.awsRequestId,
      batch: !single && received.length ? received : undefined,
    };
    return correlation.run(scope, () => wrapped(event, context)) as Promise<Result>;
  };
}
