import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createHandler } from '../../../functions/publishing/publications-api/app.ts';
import type { ClientConfig } from '../../../shared/config/client-config.ts';
import { keys } from '../../../shared/data/table.ts';
import { localContext } from '../../../shared/local/lambda-context.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { useLocalTable } from '../../shared/adapters/local-table.ts';
import { exampleConfig, queueOn } from './queue-fixture.ts';

const dynamo = useLocalTable();

function api(start = '2027-08-02T07:00:00Z', publishing: Partial<ClientConfig['publishing']> = {}) {
  const config = exampleConfig({ requireApproval: false, ...publishing });
  const fixture = queueOn(dynamo.current, config, start);
  const handler = createHandler({
    ...observability('publicationsApi'),
    config,
    publicationStore: fixture.store,
    publicationScheduler: fixture.scheduler,
    publisher: fixture.events,
    now: () => fixture.clock.now,
  });
  const call = async (
    routeKey: string,
    options: {
      body?: unknown;
      query?: Record<string, string>;
      id?: string;
      headers?: Record<string, string>;
    } = {},
  ) => {
    const event = {
      routeKey,
      headers: options.headers ?? {},
      pathParameters: options.id ? { publicationId: options.id } : undefined,
      queryStringParameters: options.query,
      body:
        options.body === undefined
          ? undefined
          : typeof options.body === 'string'
            ? options.body
            : JSON.stringify(options.body),
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2;
    const result = await handler(event, localContext('publicationsApi', 30));
    return { status: result.statusCode, body: JSON.parse(result.body ?? '{}') };
  };
  return { ...fixture, call };
}

describe('POST /publications', () => {
  it('answers 400 naming each field and why', async () => {
    const { call } = api();
    const response = await call('POST /publications', {
      body: {
        text: '',
        networks: ['instagram', 'myspace'],
        scheduledFor: 'demain 9h',
        links: ['ftp://example.com'],
        media: [{ url: 'http://example.com/a.jpg', kind: 'image' }],
        colour: 'red',
      },
    });
    expect(response.status).toBe(400);
    const paths = (response.body.issues as { path: string }[]).map((issue) => issue.path).sort();
    expect(paths).toEqual(['(body)', 'links.0', 'media.0.url', 'networks.1', 'scheduledFor', 'text']);
    expect(
      response.body.issues.find((issue: { path: string }) => issue.path === 'scheduledFor').message,
    ).toBe('an ISO 8601 time with its offset');
    expect((await call('POST /publications', { body: '{not json' })).body.issues).toEqual([
      { path: '(body)', message: 'not valid JSON' },
    ]);
    expect((await call('POST /publications')).body.issues).toEqual([
      { path: '(body)', message: 'a JSON body is required' },
    ]);
  });

  it('answers 400 on a time in the past or a network without slots', async () => {
    const { call } = api();
    expect(
      (
        await call('POST /publications', {
          body: { text: 'Hier', networks: ['x'], scheduledFor: '2027-08-01T09:00:00Z' },
        })
      ).body,
    ).toEqual({
      error: 'invalid request',
      issues: [{ path: 'scheduledFor', message: 'is in the past' }],
    });
    const noSlots = api('2027-08-02T07:00:00Z', { slots: {} });
    expect(
      (await noSlots.call('POST /publications', { body: { text: 'Quand ?', networks: ['x'] } })).body.issues,
    ).toEqual([{ path: 'scheduledFor', message: 'no posting slots configured for x: give a time' }]);
  });

  it('creates (201), answers the same publication for the same idempotency key (200), and 409 for a duplicate', async () => {
    const { call } = api();
    const body = { text: 'Rentrée', networks: ['facebook'], scheduledFor: '2027-08-04T09:00:00+02:00' };
    const first = await call('POST /publications', { body, headers: { 'idempotency-key': 'k-1' } });
    expect(first.status).toBe(201);
    expect(first.body.publication.outcomes.facebook.state).toBe('scheduled');
    const again = await call('POST /publications', { body, headers: { 'idempotency-key': 'k-1' } });
    expect([again.status, again.body.publication.publicationId]).toEqual([
      200,
      first.body.publication.publicationId,
    ]);
    const duplicate = await call('POST /publications', {
      body: { ...body, scheduledFor: '2027-08-04T18:00:00+02:00' },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.duplicates).toEqual([
      { network: 'facebook', duplicateOf: first.body.publication.publicationId },
    ]);
    expect(
      (await call('POST /publications', { body, headers: { 'idempotency-key': 'bad key with spaces' } })).body
        .issues[0].path,
    ).toBe('Idempotency-Key');
  });
});

describe('GET /publications (the calendar)', () => {
  it('lists a range by status, and refuses bad parameters with their name', async () => {
    const { call } = api('2027-08-09T07:00:00Z');
    const a = await call('POST /publications', {
      body: { publicationId: 'cal-a', text: 'A', networks: ['x'], scheduledFor: '2027-08-10T08:00:00Z' },
    });
    await call('POST /publications', {
      body: { publicationId: 'cal-b', text: 'B', networks: ['x'], scheduledFor: '2027-08-11T08:00:00Z' },
    });
    expect(a.status).toBe(201);
    await call('DELETE /publications/{publicationId}', { id: 'cal-b' });
    const all = await call('GET /publications', {
      query: { from: '2027-08-10T00:00:00Z', to: '2027-08-12T00:00:00Z' },
    });
    expect(all.body.publications.map((p: { publicationId: string }) => p.publicationId)).toEqual([
      'cal-a',
      'cal-b',
    ]);
    expect(all.body.timeZone).toBe('Europe/Paris');
    const scheduled = await call('GET /publications', {
      query: { from: '2027-08-10T00:00:00Z', to: '2027-08-12T00:00:00Z', status: 'scheduled' },
    });
    expect(scheduled.body.publications.map((p: { publicationId: string }) => p.publicationId)).toEqual([
      'cal-a',
    ]);
    const bad = await call('GET /publications', { query: { from: 'hier', status: 'lost', extra: '1' } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((issue: { path: string }) => issue.path).sort()).toEqual([
      '(query)',
      'from',
      'status',
    ]);
    const tooLong = await call('GET /publications', {
      query: { from: '2027-08-01T00:00:00Z', to: '2027-12-01T00:00:00Z' },
    });
    expect(tooLong.body.issues).toEqual([{ path: 'to', message: 'at most 62 days after "from"' }]);
  });
});

describe('PATCH, approve, DELETE, GET one', () => {
  it('edits, approves, cancels, with 404 and 409 where due', async () => {
    const { call } = api('2027-08-16T07:00:00Z', { requireApproval: true });
    const created = await call('POST /publications', {
      body: {
        publicationId: 'flow',
        text: 'V1',
        networks: ['linkedin'],
        scheduledFor: '2027-08-17T06:00:00Z',
      },
    });
    expect(created.body.publication.state).toBe('in_review');
    expect((await call('PATCH /publications/{publicationId}', { id: 'flow', body: {} })).body.issues).toEqual(
      [{ path: '(body)', message: 'nothing to change' }],
    );
    expect(
      (await call('PATCH /publications/{publicationId}', { id: 'nope', body: { text: 'x' } })).status,
    ).toBe(404);
    const stale = await call('PATCH /publications/{publicationId}', {
      id: 'flow',
      body: { text: 'V2', expectedVersion: 9 },
    });
    expect(stale.status).toBe(409);
    const edited = await call('PATCH /publications/{publicationId}', {
      id: 'flow',
      body: { text: 'V2', expectedVersion: 1 },
    });
    expect([edited.status, edited.body.publication.version, edited.body.publication.state]).toEqual([
      200,
      2,
      'in_review',
    ]);
    const approved = await call('POST /publications/{publicationId}/approve', {
      id: 'flow',
      body: { version: 2, by: 'lea@example.com' },
    });
    expect(approved.body.publication.outcomes.linkedin.state).toBe('scheduled');
    expect((await call('POST /publications/{publicationId}/approve', { id: 'flow' })).status).toBe(409);
    const one = await call('GET /publications/{publicationId}', { id: 'flow' });
    expect(
      one.body.history.some(
        (entry: { actor: string; to?: string }) =>
          entry.actor === 'lea@example.com' && entry.to === 'approved',
      ),
    ).toBe(true);
    expect((await call('DELETE /publications/{publicationId}', { id: 'flow' })).body.publication.state).toBe(
      'cancelled',
    );
    expect((await call('DELETE /publications/{publicationId}', { id: 'flow' })).status).toBe(409);
    expect((await call('GET /publications/{publicationId}', { id: 'nope' })).status).toBe(404);
  });
});

describe('GET /publications/best-times', () => {
  it('recommends defaults before metrics exist, then the hours of the most engaging posts', async () => {
    const { call, queue, clock } = api('2027-09-01T06:00:00Z');
    const defaults = await call('GET /publications/best-times', { query: { network: 'instagram' } });
    expect(defaults.body).toMatchObject({ network: 'instagram', basis: 'default', posts: 0 });
    expect(defaults.body.times).toHaveLength(5);
    expect((await call('GET /publications/best-times', { query: {} })).body.issues[0].path).toBe('network');

    // Ten published posts: Wednesdays 19:00 Paris engage twice as much as Mondays 08:00.
    for (let week = 0; week < 5; week++) {
      for (const [weekday, hourUtc, likes] of [
        [1, 6, 10],
        [3, 17, 20],
      ] as const) {
        const day = new Date(Date.UTC(2027, 8, 6 + week * 7 + (weekday - 1), hourUtc));
        clock.now = new Date(day.getTime() - 3_600_000);
        const id = `bt-${week}-${weekday}`;
        await queue.create(
          { publicationId: id, text: id, networks: ['instagram'], scheduledFor: day.toISOString() },
          { actor: 'ana', via: 'api' },
        );
        await queue.recordReported({
          tool: 'test',
          toolPostId: id,
          publicationId: id,
          network: 'instagram',
          status: 'published',
          externalId: `ig-${id}`,
          at: day.toISOString(),
        });
        await dynamo.current.table.client.send(
          new PutCommand({
            TableName: dynamo.current.table.tableName,
            Item: {
              ...keys.postLatest('instagram', `ig-${id}`),
              counters: { likes, reach: 100 },
              at: day.toISOString(),
            },
          }),
        );
      }
    }
    clock.now = new Date('2027-10-15T00:00:00Z');
    const measured = await call('GET /publications/best-times', { query: { network: 'instagram' } });
    expect(measured.body).toMatchObject({ basis: 'metrics', posts: 10 });
    expect(measured.body.times[0]).toEqual({ weekday: 'wed', hour: 19, engagementRate: 0.2, posts: 5 });
    expect(measured.body.times[1]).toEqual({ weekday: 'mon', hour: 8, engagementRate: 0.1, posts: 5 });
  });
});
