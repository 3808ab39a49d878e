import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHandler } from '../../../functions/publishing/publications-api/app.ts';
import { createHandler as createReview } from '../../../functions/publishing/review-publication/app.ts';
import { localContext } from '../../../shared/local/lambda-context.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { useLocalTable } from '../../shared/adapters/local-table.ts';
import { exampleConfig, queueOn } from './queue-fixture.ts';

const dynamo = useLocalTable();

const routes = [
  'POST /publications',
  'GET /publications',
  'GET /publications/best-times',
  'GET /publications/{publicationId}',
  'PATCH /publications/{publicationId}',
  'POST /publications/{publicationId}/approve',
  'DELETE /publications/{publicationId}',
];
const text = fc.string({ maxLength: 300 });
const value = fc.oneof(text, fc.integer(), fc.constant(null), fc.boolean(), fc.array(text, { maxLength: 3 }));
const body = fc.oneof(
  fc.constant(undefined),
  text,
  fc.json({ maxDepth: 4 }),
  fc.record(
    {
      text: value,
      networks: fc.oneof(value, fc.array(fc.constantFrom('instagram', 'x', 'myspace', ''), { maxLength: 4 })),
      scheduledFor: fc.oneof(
        value,
        fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
      ),
      variants: fc.oneof(value, fc.dictionary(text, text, { maxKeys: 2 })),
      links: value,
      media: value,
      recurrence: fc.oneof(
        value,
        fc.record({ every: fc.record({ days: fc.integer() }), time: text, startsOn: text }),
      ),
      expectedVersion: value,
      version: value,
    },
    { requiredKeys: [] },
  ),
);
const query = fc.dictionary(
  fc.constantFrom('from', 'to', 'status', 'network', 'reason', 'x'),
  fc.oneof(
    text,
    fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  ),
  { maxKeys: 4 },
);
const id = fc.oneof(fc.string({ maxLength: 3000 }), fc.constantFrom('pub-1', '', '../x', '%00'));

describe('the publication API, random input', () => {
  const fixture = () => queueOn(dynamo.current, exampleConfig(), '2027-11-01T08:00:00Z');

  it('never answers 5xx', async () => {
    const { store, scheduler, events, clock } = fixture();
    const handler = createHandler({
      ...observability('publicationsApi'),
      config: exampleConfig(),
      publicationStore: store,
      publicationScheduler: scheduler,
      publisher: events,
      now: () => clock.now,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        body,
        query,
        id,
        async (routeKey, payload, parameters, publicationId) => {
          const event = {
            routeKey,
            headers: {},
            pathParameters: routeKey.includes('{') ? { publicationId } : undefined,
            queryStringParameters: parameters,
            body:
              payload === undefined
                ? undefined
                : typeof payload === 'string'
                  ? payload
                  : JSON.stringify(payload),
            isBase64Encoded: false,
          } as unknown as APIGatewayProxyEventV2;
          const result = await handler(event, localContext('publicationsApi', 30));
          expect(result.statusCode).toBeLessThan(500);
          expect(() => JSON.parse(result.body ?? '')).not.toThrow();
        },
      ),
      { numRuns: 250 },
    );
  });

  it('never answers 5xx on review links', async () => {
    const { store, scheduler, events, clock } = fixture();
    const review = createReview({
      ...observability('reviewPublication'),
      config: exampleConfig(),
      publicationStore: store,
      publicationScheduler: scheduler,
      publisher: events,
      linkSigningKey: async () => 'k',
      now: () => clock.now,
    });
    const reviewQuery = fc.dictionary(
      fc.constantFrom('v', 'reviewer', 'expires', 'sig', 'confirm', 'comment'),
      text,
      { maxKeys: 6 },
    );
    await fc.assert(
      fc.asyncProperty(
        id,
        fc.constantFrom('approve', 'reject', 'other', ''),
        reviewQuery,
        async (publicationId, decision, parameters) => {
          const result = await review(
            {
              pathParameters: { publicationId, decision },
              queryStringParameters: parameters,
            } as unknown as APIGatewayProxyEventV2,
            localContext('reviewPublication', 10),
          );
          expect(result.statusCode).toBeLessThan(500);
        },
      ),
      { numRuns: 200 },
    );
  });
});
