import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it, vi } from 'vitest';
import { createHandler } from '../../functions/ingress/receive-webhook/app.ts';
import { ArchiveMessageTooLarge } from '../../shared/adapters/archive-queue.ts';
import type { DeliveryStore } from '../../shared/adapters/delivery-store.ts';
import type { EventPublisher } from '../../shared/adapters/event-publisher.ts';
import type { ArchivedDelivery, RawArchive } from '../../shared/adapters/raw-archive.ts';
import { standardWebhookHeaders } from '../../shared/cli/commands/send.ts';
import { loadClientConfig, parseClientConfig } from '../../shared/config/client-config.ts';
import type { DomainEvent } from '../../shared/events/catalog.ts';
import { localContext } from '../../shared/local/lambda-context.ts';
import { observability } from '../../shared/runtime/observability.ts';
import { loadEventFixture } from '../shared/events/fixtures.ts';

const SECRET = `whsec_${Buffer.from('receive-webhook-unit-test-secret!').toString('base64')}`;
const example = loadClientConfig('clients/example.json');

/** The ingress with in-memory adapters: what the tests observe. */
function ingress(
  options: { maxPerMinute?: number; busDown?: () => boolean; archiveRefuses?: () => Error } = {},
) {
  const config = parseClientConfig({
    ...example,
    webhooks: [{ source: 'standard', secretName: '/s', maxPerMinute: options.maxPerMinute }],
  });
  const published: DomainEvent[] = [];
  const remembered = new Set<string>();
  const archived: ArchivedDelivery[] = [];
  let clock = new Date('2026-03-02T10:00:05Z');
  const deliveries: DeliveryStore = {
    seen: async (source, id) => remembered.has(`${source}#${id}`),
    remember: async (source, id) => {
      remembered.add(`${source}#${id}`);
    },
  };
  const publisher: EventPublisher = {
    publish: async (events) => {
      if (options.busDown?.()) throw new Error('bus unavailable');
      published.push(...events);
    },
  };
  const archive: RawArchive = {
    put: async (delivery) => {
      if (options.archiveRefuses) throw options.archiveRefuses();
      archived.push(delivery);
    },
    list: async function* () {},
  };
  const tools = observability('receiveWebhook');
  const counted = vi.spyOn(tools.metrics, 'addMetric');
  const handler = createHandler({
    ...tools,
    config,
    secrets: { get: async () => SECRET },
    deliveries,
    publisher,
    archive,
    now: () => clock,
  });
  const send = async (id: string, body: string, contentType = 'application/json') => {
    const headers = {
      ...standardWebhookHeaders(new Webhook(SECRET), id, body, new Date()),
      'content-type': contentType,
    };
    const event = {
      pathParameters: { source: 'standard' },
      headers,
      body,
      isBase64Encoded: false,
      queryStringParameters: {},
      requestContext: { http: { method: 'POST' } },
    } as unknown as APIGatewayProxyEventV2;
    return handler(event, localContext('receiveWebhook', 10));
  };
  return {
    send,
    published,
    archived,
    remembered,
    /** The metrics counted so far, by name. */
    metrics: () => counted.mock.calls.map(([name, , value]) => [name, value]),
    advance: (ms: number) => (clock = new Date(clock.getTime() + ms)),
  };
}

const mentionBody = (id: string) =>
  JSON.stringify({
    type: 'mention',
    timestamp: '2026-03-02T10:00:00Z',
    data: { ...loadEventFixture<object>('mention.received'), id },
  });

describe('receive webhook', () => {
  it('publishes, archives, then answers 202; a mention delivery is not remembered (its consumer dedupes by id)', async () => {
    const { send, published, archived, remembered } = ingress();
    const response = await send('msg_1', mentionBody('m1'));
    expect(response.statusCode).toBe(202);
    expect(JSON.parse(response.body!)).toEqual({ accepted: 1 });
    expect(published.map((e) => e.name)).toEqual(['mentionReceived']);
    expect(archived.map((a) => [a.source, a.deliveryId])).toEqual([['standard', 'msg_1']]);
    expect(remembered.size).toBe(0);
    expect((await send('msg_1', mentionBody('m1'))).statusCode).toBe(202);
    expect(published.map((e) => e.detail)).toEqual([published[0]!.detail, published[0]!.detail]);
  });

  it('answers 202 when the archive queue refuses: the events are on the bus, the failure is counted', async () => {
    const { send, published, archived, metrics } = ingress({
      archiveRefuses: () => new Error('SQS unavailable'),
    });
    const response = await send('msg_q', mentionBody('mq'));
    expect(response.statusCode).toBe(202);
    expect(published.map((e) => e.name)).toEqual(['mentionReceived']);
    expect(archived).toEqual([]);
    expect(metrics()).toEqual([
      ['WebhookArchiveFailures', 1],
      ['WebhookEventsAccepted', 1],
    ]);
  });

  it('answers 202 for a delivery too large for the archive queue, counted apart (a retry cannot help)', async () => {
    const { send, published, metrics } = ingress({
      archiveRefuses: () => new ArchiveMessageTooLarge(1_100_000),
    });
    expect((await send('msg_xl', mentionBody('mxl'))).statusCode).toBe(202);
    expect(published).toHaveLength(1);
    expect(metrics()).toEqual([
      ['WebhookArchiveTooLarge', 1],
      ['WebhookEventsAccepted', 1],
    ]);
  });

  it('remembers a delivery of other events, and answers its retry as a duplicate without publishing', async () => {
    const { send, published, remembered } = ingress();
    const body = JSON.stringify({
      type: 'publication.requested',
      timestamp: '2026-03-02T10:00:00Z',
      data: loadEventFixture<object>('publication.requested'),
    });
    expect((await send('msg_pub', body)).statusCode).toBe(202);
    expect(remembered.has('standard#msg_pub')).toBe(true);
    const retry = await send('msg_pub', body);
    expect(retry.statusCode).toBe(200);
    expect(JSON.parse(retry.body!)).toEqual({ accepted: 0, duplicate: true });
    expect(published.map((e) => e.name)).toEqual(['publicationRequested']);
  });

  it('answers 503 and remembers nothing when the bus refuses, so the sender’s retry goes through', async () => {
    let down = true;
    const { send, published, remembered } = ingress({ busDown: () => down });
    expect((await send('msg_2', mentionBody('m2'))).statusCode).toBe(503);
    expect(remembered.size).toBe(0);
    down = false;
    expect((await send('msg_2', mentionBody('m2'))).statusCode).toBe(202);
    expect(published).toHaveLength(1);
  });

  it('answers 429 past the configured deliveries per minute, and lets them through the next minute', async () => {
    const { send, advance } = ingress({ maxPerMinute: 2 });
    const statuses = [];
    for (const id of ['a', 'b', 'c']) statuses.push((await send(`msg_${id}`, mentionBody(id))).statusCode);
    expect(statuses).toEqual([202, 202, 429]);
    advance(60_000);
    expect((await send('msg_c', mentionBody('c'))).statusCode).toBe(202);
  });

  it('answers 413 over 256 KB, 415 for a content type the source does not send, 400 for malformed JSON', async () => {
    const { send, published } = ingress();
    const huge = JSON.stringify({
      type: 'mention',
      timestamp: '2026-03-02T10:00:00Z',
      data: { text: 'x'.repeat(300_000) },
    });
    expect((await send('msg_big', huge)).statusCode).toBe(413);
    expect((await send('msg_txt', mentionBody('t'), 'text/plain')).statusCode).toBe(415);
    const malformed = await send('msg_bad', '{"type": "mention", ');
    expect(malformed.statusCode).toBe(400);
    expect(JSON.parse(malformed.body!)).toEqual({ error: 'body is not valid JSON' });
    expect(published).toEqual([]);
  });
});
