import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { InvalidCursorError, type MentionStore } from '../../../shared/adapters/mention-store.ts';
import { networkSchema } from '../../../shared/config/client-config.ts';
import { sentimentLabelSchema } from '../../../shared/events/catalog.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';

export interface ListMentionsDependencies extends Observability {
  mentionStore: MentionStore;
  now?: () => Date;
}

const MAX_RANGE_DAYS = 31;
const isoTime = z.iso.datetime({ offset: true });

const querySchema = z
  .pipe(
    z.strictObject({
      from: z.optional(isoTime),
      to: z.optional(isoTime),
      network: z.optional(networkSchema),
      sentiment: z.optional(sentimentLabelSchema),
      limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(500)), 100),
      cursor: z.optional(z.string().check(z.maxLength(2048))),
    }),
    // Defaults first, then the range check on them: a zod/mini transform cannot add issues.
    z.transform((query) => {
      const to = query.to ?? new Date().toISOString();
      const from = query.from ?? new Date(Date.parse(to) - 86_400_000).toISOString();
      return { ...query, from, to };
    }),
  )
  .check(
    z.superRefine(({ from, to }, context) => {
      if (Date.parse(from) >= Date.parse(to)) {
        context.addIssue({ code: 'custom', path: ['from'], message: '"from" must be before "to"' });
      } else if (Date.parse(to) - Date.parse(from) > MAX_RANGE_DAYS * 86_400_000) {
        context.addIssue({
          code: 'custom',
          path: ['to'],
          message: `at most ${MAX_RANGE_DAYS} days between "from" and "to"`,
        });
      }
    }),
  );

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** GET /mentions?from=&to=&network=&sentiment=&limit=&cursor= — behind the API key authorizer. */
export function createHandler(
  deps: ListMentionsDependencies,
): Handler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return withObservability(async (event) => {
    const parsed = querySchema.safeParse(event.queryStringParameters ?? {});
    if (!parsed.success) {
      return json(400, {
        error: 'invalid query parameters',
        issues: parsed.error.issues.map((issue) => ({
          path: issue.path.join('.') || '(query)',
          message: issue.message,
        })),
      });
    }
    const { from, to, network, sentiment, limit, cursor } = parsed.data;
    try {
      const page = await deps.mentionStore.page({ from, to, network, label: sentiment, limit, cursor });
      // Only when there is something: a custom metric is billed for every hour it is published, zeros included.
      if (page.mentions.length)
        deps.metrics.addMetric('MentionsListed', MetricUnit.Count, page.mentions.length);
      return json(200, {
        mentions: page.mentions.map(({ label, ...mention }) => ({ ...mention, sentiment: label })),
        ...(page.next ? { next: page.next } : {}),
      });
    } catch (error) {
      if (error instanceof InvalidCursorError)
        return json(400, {
          error: 'invalid query parameters',
          issues: [{ path: 'cursor', message: error.message }],
        });
      throw error;
    }
  }, deps);
}
