import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { networkSchema, publishingTimeZone } from '../../../shared/config/client-config.ts';
import { bestTimes, type PostSample } from '../../../shared/domain/publishing/best-times.ts';
import type { Publication } from '../../../shared/domain/publishing/publication.ts';
import {
  type ChangeResult,
  type CreateResult,
  type PublicationQueuePorts,
  publicationQueueOf,
} from '../../../shared/domain/publishing/queue.ts';
import {
  publicationIdSchema,
  publicationInputSchema,
  publicationPatchSchema,
} from '../../../shared/domain/publishing/requests.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';

export interface PublicationsApiDependencies extends Observability, PublicationQueuePorts {}

type Result = APIGatewayProxyStructuredResultV2;

const MAX_RANGE_DAYS = 62;
const BEST_TIMES_LOOKBACK_DAYS = 180;
const PUBLICATION_STATES = ['draft', 'in_review', 'approved', 'cancelled'] as const;
const NETWORK_STATES = [
  'pending',
  'scheduled',
  'publishing',
  'published',
  'failed',
  'outcome_unknown',
] as const;
const isoTime = z.iso.datetime({ offset: true, error: 'an ISO 8601 time with its offset' });

const listQuerySchema = z
  .pipe(
    z.strictObject({
      from: z.optional(isoTime),
      to: z.optional(isoTime),
      status: z.optional(z.enum([...PUBLICATION_STATES, ...NETWORK_STATES])),
      network: z.optional(networkSchema),
    }),
    // Defaults first, then the range check on them: a zod/mini transform cannot add issues.
    z.transform((query) => {
      const from = query.from ?? new Date().toISOString();
      const to = query.to ?? new Date(Date.parse(from) + 7 * 86_400_000).toISOString();
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
          message: `at most ${MAX_RANGE_DAYS} days after "from"`,
        });
      }
    }),
  );

const approveBodySchema = z.strictObject({
  /** The version the approver saw: refused (409) if the publication changed since. */
  version: z.optional(z.int().check(z.gte(1))),
  /** Who approves (kept in the history); default "api". */
  by: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
});
const bestTimesQuerySchema = z.strictObject({ network: networkSchema });

function json(statusCode: number, body: unknown): Result {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function invalid(issues: { path: string; message: string }[]): Result {
  return json(400, { error: 'invalid request', issues });
}

function issuesOf(error: z.core.$ZodError, root: string): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || root, message: issue.message }));
}

/** Parses a JSON body against a schema: the 400 names each field and why. */
function parseBody<T>(
  event: APIGatewayProxyEventV2,
  schema: z.ZodMiniType<T>,
  optional = false,
): { ok: true; value: T } | { ok: false; result: Result } {
  let raw: unknown = {};
  const text = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  if (text.trim()) {
    try {
      raw = JSON.parse(text);
    } catch {
      return { ok: false, result: invalid([{ path: '(body)', message: 'not valid JSON' }]) };
    }
  } else if (!optional) {
    return { ok: false, result: invalid([{ path: '(body)', message: 'a JSON body is required' }]) };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, result: invalid(issuesOf(parsed.error, '(body)')) };
  return { ok: true, value: parsed.data };
}

function changeAnswer(result: ChangeResult | CreateResult): Result {
  switch (result.kind) {
    case 'changed':
      return json(200, { publication: result.publication });
    case 'not-found':
      return json(404, { error: 'no such publication' });
    case 'refused':
      if ('field' in result) return invalid([{ path: result.field, message: result.reason }]);
      return json(409, { error: result.reason, publication: result.publication });
    case 'created':
      return json(201, { publication: result.publication, duplicates: result.duplicates });
    case 'exists':
      return json(200, { publication: result.publication });
    case 'duplicate':
      return json(409, {
        error: 'duplicate: the same text is already queued on that network that day',
        duplicates: result.duplicates,
      });
  }
}

function matchesStatus(publication: Publication, status: string | undefined): boolean {
  if (!status) return true;
  return (
    publication.state === status ||
    Object.values(publication.outcomes).some((outcome) => outcome?.state === status)
  );
}

/**
 * The publication queue's HTTP API, behind the API key authorizer: create, list (the calendar
 * view), read with history, edit, approve, cancel, and the best hours to publish.
 */
export function createHandler(deps: PublicationsApiDependencies): Handler<APIGatewayProxyEventV2, Result> {
  const { config, publicationStore: store, metrics } = deps;
  const now = () => deps.now?.() ?? new Date();
  const queue = publicationQueueOf(deps);
  const api = { actor: 'api', via: 'api' };

  return withObservability(async (event) => {
    const id = event.pathParameters?.publicationId;
    const route = event.routeKey;
    // No such id can exist (and DynamoDB keys are bounded): not found, without a read.
    if (id !== undefined && !publicationIdSchema.safeParse(id).success)
      return json(404, { error: 'no such publication' });
    switch (route) {
      case 'POST /publications': {
        const body = parseBody(event, publicationInputSchema);
        if (!body.ok) return body.result;
        const idempotencyKey = event.headers?.['idempotency-key'];
        if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,128}$/.test(idempotencyKey)) {
          return invalid([{ path: 'Idempotency-Key', message: 'at most 128 visible ASCII characters' }]);
        }
        const result = await queue.create(
          body.value,
          { actor: body.value.author ?? 'api', via: 'api' },
          { idempotencyKey },
        );
        if (result.kind === 'created') metrics.addMetric('PublicationsCreated', MetricUnit.Count, 1);
        return changeAnswer(result);
      }
      case 'GET /publications': {
        const query = listQuerySchema.safeParse(event.queryStringParameters ?? {});
        if (!query.success) return invalid(issuesOf(query.error, '(query)'));
        const { from, to, status, network } = query.data;
        const publications = (await store.between(from, to)).filter(
          (publication) =>
            matchesStatus(publication, status) && (!network || publication.networks.includes(network)),
        );
        return json(200, { from, to, timeZone: publishingTimeZone(config), publications });
      }
      case 'GET /publications/best-times': {
        const query = bestTimesQuerySchema.safeParse(event.queryStringParameters ?? {});
        if (!query.success) return invalid(issuesOf(query.error, '(query)'));
        const { network } = query.data;
        const until = now();
        const from = new Date(until.getTime() - BEST_TIMES_LOOKBACK_DAYS * 86_400_000).toISOString();
        const samples: PostSample[] = [];
        for (const publication of await store.between(from, until.toISOString())) {
          const outcome = publication.outcomes[network];
          if (outcome?.state !== 'published' || !outcome.externalId) continue;
          const counters = await store.latestCounters(network, outcome.externalId);
          if (counters) samples.push({ publishedAt: outcome.publishedAt ?? outcome.scheduledFor!, counters });
        }
        return json(200, bestTimes(network, samples, publishingTimeZone(config)));
      }
      case 'GET /publications/{publicationId}': {
        const publication = await store.get(id!);
        if (!publication) return json(404, { error: 'no such publication' });
        return json(200, { publication, history: await store.history(id!) });
      }
      case 'PATCH /publications/{publicationId}': {
        const body = parseBody(event, publicationPatchSchema);
        if (!body.ok) return body.result;
        return changeAnswer(await queue.update(id!, body.value, api));
      }
      case 'POST /publications/{publicationId}/approve': {
        const body = parseBody(event, approveBodySchema, true);
        if (!body.ok) return body.result;
        return changeAnswer(
          await queue.approve(id!, { actor: body.value.by ?? 'api', via: 'api' }, body.value.version),
        );
      }
      case 'DELETE /publications/{publicationId}':
        return changeAnswer(await queue.cancel(id!, api, event.queryStringParameters?.reason));
      default:
        return json(404, { error: `no route ${route}` });
    }
  }, deps);
}
