import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import type { PostMetricsStore } from '../../../shared/adapters/post-metrics-store.ts';
import { type ClientConfig, networkSchema } from '../../../shared/config/client-config.ts';
import { localHour, nextPeriodStart } from '../../../shared/domain/metrics/periods.ts';
import { type PostLifetime, rankPosts } from '../../../shared/domain/metrics/rollup.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';
import { badRequest, json, localDate, rangeIssues } from '../read-api.ts';

export interface ListPostsDependencies extends Observability {
  config: ClientConfig;
  postMetricsStore: PostMetricsStore;
  now?: () => Date;
}

const SORTS = ['engagementRateByReach', 'engagements', 'impressions', 'reach', 'publishedAt'] as const;
const MAX_DAYS = 366;

const querySchema = z.strictObject({
  from: z.optional(localDate),
  to: z.optional(localDate),
  sort: z._default(z.enum(SORTS), 'engagementRateByReach'),
  network: z.optional(networkSchema),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(1000)), 100),
});

function compareBy(sort: (typeof SORTS)[number]): (a: PostLifetime, b: PostLifetime) => number {
  if (sort === 'publishedAt') return (a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '');
  return (a, b) => (b[sort] ?? -1) - (a[sort] ?? -1) || a.postId.localeCompare(b.postId);
}

/**
 * GET /posts?from=&to=&sort=&network=&limit= — posts published between two local dates (default
 * the current month), with lifetime counters, engagement rate by reach and rank in their month.
 */
export function createHandler(
  deps: ListPostsDependencies,
): Handler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const now = deps.now ?? (() => new Date());
  const timeZone = deps.config.client.timeZone;
  return withObservability(async (event) => {
    const parsed = querySchema.safeParse(event.queryStringParameters ?? {});
    if (!parsed.success) return badRequest(parsed.error.issues);
    const query = parsed.data;
    const today = localHour(now().toISOString(), timeZone).slice(0, 10);
    const from = query.from ?? `${today.slice(0, 7)}-01`;
    const to = query.to ?? today;
    const issues = rangeIssues(from, to, MAX_DAYS);
    if (issues.length) return badRequest(issues);
    const months: string[] = [];
    for (let month = `${from.slice(0, 7)}-01`; month <= to; month = nextPeriodStart(month, 'month'))
      months.push(month.slice(0, 7));
    // Ranked within their whole month first, then filtered to the range.
    const posts = rankPosts(await deps.postMetricsStore.ofMonths(months))
      .filter((post) => {
        const published = localHour(post.publishedAt ?? post.lastSnapshotAt, timeZone).slice(0, 10);
        return published >= from && published <= to && (!query.network || post.network === query.network);
      })
      .sort(compareBy(query.sort))
      .slice(0, query.limit);
    // Only when there is something: a custom metric is billed for every hour it is published, zeros included.
    if (posts.length) deps.metrics.addMetric('PostsListed', MetricUnit.Count, posts.length);
    return json(200, { from, to, sort: query.sort, posts });
  }, deps);
}
