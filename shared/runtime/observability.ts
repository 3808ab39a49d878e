import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';

export const METRICS_NAMESPACE = 'Vigie';

export interface Observability {
  logger: Logger;
  metrics: Metrics;
}

/** Logger and metrics of one function (service name = function id), built once per process. */
export function observability(functionId: string): Observability {
  return {
    logger: new Logger({ serviceName: functionId }),
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: functionId }),
  };
}

export type Handler<Event, Result> = (event: Event, context: Context) => Promise<Result>;

/**
 * Wraps a handler with the Powertools middlewares every Vigie function uses: the Lambda context and
 * a correlation id in every log line, and metrics flushed at the end of each invocation.
 */
export function withObservability<Event, Result>(
  handler: Handler<Event, Result>,
  { logger, metrics }: Observability,
  correlationIdOf?: (event: Event) => string | undefined,
): Handler<Event, Result> {
  const wrapped = middy(handler)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .before((request) => {
      const correlationId = correlationIdOf?.(request.event);
      if (correlationId) logger.setCorrelationId(correlationId);
    });
  return (event, context) => wrapped(event, context) as Promise<Result>;
}
