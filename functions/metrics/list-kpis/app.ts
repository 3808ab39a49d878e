import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import type { RollupStore } from '../../../shared/adapters/rollup-store.ts';
import { type ClientConfig, networkSchema } from '../../../shared/config/client-config.ts';
import { localHour, PERIODS } from '../../../shared/domain/metrics/periods.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';
import { badRequest, json, localDate, rangeIssues } from '../read-api.ts';

export interface ListKpisDependencies extends Observability {
  config: ClientConfig;
  rollupStore: RollupStore;
  now?: () => Date;
}

const MAX_DAYS = { hour: 31, day: 366, week: 366, month: 366 * 3 } as const;
const DEFAULT_DAYS = 30;

const querySchema = z.strictObject({
  period: z._default(z.enum(PERIODS), 'day'),
  from: z.optional(localDate),
  to: z.optional(localDate),
  network: z.optional(z.union([networkSchema, z.literal('all')])),
  pillar: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  campaign: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
});

/**
 * GET /kpis?period=&from=&to=&network=&pillar=&campaign= — rollup rows whose start is in [from, to]
 * (local dates; default the last 30 days), behind the API key authorizer.
 */
export function createHandler(
  deps: ListKpisDependencies,
): Handler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const now = deps.now ?? (() => new Date());
  return withObservability(async (event) => {
    const parsed = querySchema.safeParse(event.queryStringParameters ?? {});
    if (!parsed.success) return badRequest(parsed.error.issues);
    const query = parsed.data;
    if (query.pillar && query.campaign)
      return badRequest([{ path: ['campaign'], message: 'give "pillar" or "campaign", not both' }]);
    const today = localHour(now().toISOString(), deps.config.client.timeZone).slice(0, 10);
    const to = query.to ?? today;
    const from =
      query.from ??
      new Date(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
    const issues = rangeIssues(from, to, MAX_DAYS[query.period]);
    if (issues.length) return badRequest(issues);
    const rollups = await deps.rollupStore.list({
      period: query.period,
      from,
      to,
      network: query.network,
      pillar: query.pillar,
      campaign: query.campaign,
    });
    // Only when there is something: a custom metric is billed for every hour it is published, zeros included.
    if (rollups.length) deps.metrics.addMetric('RollupsListed', MetricUnit.Count, rollups.length);
    return json(200, { period: query.period, from, to, rollups });
  }, deps);
}
