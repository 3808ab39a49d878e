import type { EventBridgeEvent } from 'aws-lambda';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHandler } from '../../functions/publishing/deliver-outbound-webhooks/app.ts';
import type { DeliveryStore } from '../../shared/adapters/delivery-store.ts';
import { FixedSigningSecrets } from '../../shared/adapters/signing-secrets.ts';
import { loadClientConfig, parseClientConfig } from '../../shared/config/client-config.ts';
import { localContext } from '../../shared/local/lambda-context.ts';
import { observability } from '../../shared/runtime/observability.ts';
import { StandIn } from '../shared/adapters/publishers/stand-in.ts';
import { loadEventFixture } from '../shared/events/fixtures.ts';

const SECRET = `whsec_${Buffer.from('outbound webhook test secret!!').toString('base64')}`;
const example = JSON.parse(JSON.stringify(loadClientConfig('clients/example.json')));

let receiver: StandIn;
beforeAll(async () => {
  receiver = await StandIn.start();
});
afterAll(() => receiver.close());
beforeEach(() => receiver.reset());

/** The delivery store, in memory (the integration test runs the DynamoDB one). */
function memoryDeliveries(): DeliveryStore {
  const seen = new Set<string>();
  return {
    seen: async (source, id) => seen.has(`${source}#${id}`),
    remember: async (source, id) => {
      seen.add(`${source}#${id}`);
    },
  };
}

function handlerFor(outboundWebhooks: unknown[], timeoutMs = 2000, deliveries = memoryDeliveries()) {
  return createHandler({
    ...observability('deliverOutboundWebhooks'),
    config: parseClientConfig({ ...example, outboundWebhooks }),
    outboundWebhookSecrets: new FixedSigningSecrets(SECRET),
    deliveries,
    outboundTimeoutMs: timeoutMs,
  });
}

const published: EventBridgeEvent<string, unknown> = {
  version: '0',
  id: 'evt-1',
  'detail-type': 'publication.published',
  source: 'vigie.publishing',
  account: '111111111111',
  time: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString(),
  region: 'eu-west-3',
  resources: [],
  detail: loadEventFixture('publication.published'),
};
const context = localContext('deliverOutboundWebhooks', 30);

describe('deliverOutboundWebhooks', () => {
  it('POSTs each lifecycle event as a signed Standard Webhook to the endpoints that want it', async () => {
    receiver.on(() => ({ status: 204 }));
    const handler = handlerFor([
      { url: `${receiver.url}/all`, secretName: '/vigie/example/outbound' },
      {
        url: `${receiver.url}/failures`,
        secretName: '/vigie/example/outbound',
        events: ['publication.failed'],
      },
    ]);
    const report = await handler(published, context);
    expect(report).toEqual({ delivered: [`${receiver.url}/all`], alreadyDelivered: [], refused: [] });
    expect(receiver.received.map((r) => r.path)).toEqual(['/all']);

    const [received] = receiver.received;
    const body = new Webhook(SECRET).verify(received!.body, {
      'webhook-id': received!.headers['webhook-id'] as string,
      'webhook-timestamp': received!.headers['webhook-timestamp'] as string,
      'webhook-signature': received!.headers['webhook-signature'] as string,
    });
    expect(body).toEqual({
      type: 'publication.published',
      timestamp: published.time,
      data: loadEventFixture('publication.published'),
    });
    expect(received!.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
  });

  it('on a retry after a partial failure, resends only to the endpoint that failed, with the same webhook-id', async () => {
    let downFor = 1;
    receiver.on((r) => (r.path === '/flaky' && downFor-- > 0 ? { status: 503 } : { status: 200 }));
    const handler = handlerFor([
      { url: `${receiver.url}/ok`, secretName: '/s' },
      { url: `${receiver.url}/flaky`, secretName: '/s' },
    ]);
    await expect(handler(published, context)).rejects.toThrow('/flaky: 503');
    const report = await handler(published, context); // Lambda's asynchronous retry
    expect(report).toEqual({
      delivered: [`${receiver.url}/flaky`],
      alreadyDelivered: [`${receiver.url}/ok`],
      refused: [],
    });
    expect(receiver.received.filter((r) => r.path === '/ok')).toHaveLength(1);
    const flaky = receiver.received.filter((r) => r.path === '/flaky');
    expect(flaky).toHaveLength(2);
    expect(flaky[1]!.headers['webhook-id']).toBe(flaky[0]!.headers['webhook-id']);
  });

  it('keeps the webhook-id when the event is put on the bus again (new event id, keys in another order)', async () => {
    receiver.on(() => ({ status: 200 }));
    const endpoints = [{ url: `${receiver.url}/all`, secretName: '/s' }];
    await handlerFor(endpoints)(published, context);
    const detail = loadEventFixture<Record<string, unknown>>('publication.published');
    const reordered = Object.fromEntries(Object.entries(detail).reverse());
    await handlerFor(endpoints)({ ...published, id: 'evt-redriven', detail: reordered }, context);
    const [first, second] = receiver.received;
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
  });

  it('fails the invocation on a 5xx, a 429 or a timeout, so Lambda retries it and the DLQ keeps what still fails', async () => {
    receiver.on((r) =>
      r.path === '/down' ? { status: 503 } : r.path === '/slow' ? 'hang' : { status: 200 },
    );
    await expect(
      handlerFor([{ url: `${receiver.url}/down`, secretName: '/s' }])(published, context),
    ).rejects.toThrow(`outbound webhooks failed, retried: ${receiver.url}/down: 503`);
    await expect(
      handlerFor([{ url: `${receiver.url}/slow`, secretName: '/s' }], 200)(published, context),
    ).rejects.toThrow('no answer within 200 ms');
    // The healthy endpoint was still delivered to in the same run.
    await expect(
      handlerFor([
        { url: `${receiver.url}/ok`, secretName: '/s' },
        { url: `${receiver.url}/down`, secretName: '/s' },
      ])(published, context),
    ).rejects.toThrow('/down: 503');
    expect(receiver.received.some((r) => r.path === '/ok')).toBe(true);
  });

  it('logs a permanent refusal (4xx) without retrying it', async () => {
    receiver.on(() => ({ status: 410, body: { error: 'gone' } }));
    const report = await handlerFor([{ url: `${receiver.url}/gone`, secretName: '/s' }])(published, context);
    expect(report).toEqual({ delivered: [], alreadyDelivered: [], refused: [`${receiver.url}/gone`] });
  });

  it('refuses an event that is not a valid publication event', async () => {
    const handler = handlerFor([{ url: `${receiver.url}/all`, secretName: '/s' }]);
    await expect(handler({ ...published, 'detail-type': 'incident.opened' }, context)).rejects.toThrow(
      'not a publication event',
    );
    await expect(handler({ ...published, detail: { network: 'myspace' } }, context)).rejects.toThrow();
    expect(receiver.received).toHaveLength(0);
  });

  it('does nothing when no outbound webhook is configured', async () => {
    expect(await handlerFor([])(published, context)).toEqual({
      delivered: [],
      alreadyDelivered: [],
      refused: [],
    });
  });
});
