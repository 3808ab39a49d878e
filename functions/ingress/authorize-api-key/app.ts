import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerResult } from 'aws-lambda';
import { isAuthorizedBearer } from '../../../shared/domain/ingress/api-key.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';

export interface AuthorizeApiKeyDependencies extends Observability {
  /** The current key (cached by the adapter, so a rotated key is picked up within minutes). */
  apiKey: () => Promise<string>;
}

/** HTTP API Lambda authorizer (simple responses): the read routes need the client's API key. */
export function createHandler(
  deps: AuthorizeApiKeyDependencies,
): Handler<APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerResult> {
  return withObservability(async (event) => {
    const authorization = event.headers?.authorization ?? event.headers?.Authorization;
    const isAuthorized = isAuthorizedBearer(authorization, await deps.apiKey());
    deps.metrics.addMetric(isAuthorized ? 'ApiCallsAuthorized' : 'ApiCallsRefused', MetricUnit.Count, 1);
    if (!isAuthorized) deps.logger.warn('API call refused', { routeKey: event.routeKey });
    return { isAuthorized };
  }, deps);
}
