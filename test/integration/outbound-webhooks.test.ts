import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standardWebhookHeaders } from '../../shared/cli/commands/send.ts';
import { quietLambdaTooling } from '../../shared/cli/quiet.ts';
import { loadClientConfig, parseClientConfig } from '../../shared/config/client-config.ts';
import { SimulatedClock } from '../../shared/local/clock.ts';
import { type LocalHttpServer, startLocalHttpServer } from '../../shared/local/http-server.ts';
import { createLocalStack, type LocalStack } from '../../shared/local/local-stack.ts';
import { StandIn } from '../shared/adapters/publishers/stand-in.ts';

const INBOUND = `whsec_${Buffer.from('vigie-outbound-test-inbound-32b!').toString('base64')}`;
const OUTBOUND = `whsec_${Buffer.from('vigie-outbound-test-outbound-32').toString('base64')}`;

let receiver: StandIn;
let stack: LocalStack;
let http: LocalHttpServer;

beforeAll(async () => {
  quietLambdaTooling();
  receiver = await StandIn.start();
  const example = JSON.parse(JSON.stringify(loadClientConfig('clients/example.json')));
  const config = parseClientConfig({
    ...example,
    outboundWebhooks: [
      { url: `${receiver.url}/n8n`, secretName: '/vigie/example/outbound' },
      {
        url: `${receiver.url}/down`,
        secretName: '/vigie/example/outbound',
        events: ['publication.requested'],
      },
    ],
  });
  stack = await createLocalStack({
    config,
    clock: new SimulatedClock(new Date()),
    mailDir: join(mkdtempSync(join(tmpdir(), 'vigie-outbound-')), 'mail'),
    deliverImmediately: true,
    env: { VIGIE_SECRET_STANDARD: INBOUND, VIGIE_SECRET_OUTBOUND: OUTBOUND },
  });
  http = await startLocalHttpServer(stack.consumers, { port: 0 });
});

afterAll(async () => {
  await http.close();
  await stack.close();
  await receiver.close();
});

describe('outbound webhooks on the local stack', () => {
  it('delivers a publication.requested received by webhook to the client’s URL, signed, and dead-letters a down endpoint', async () => {
    receiver.on((r) => (r.path === '/n8n' ? { status: 200 } : { status: 503 }));
    const body = JSON.stringify({
      type: 'publication.requested',
      timestamp: new Date().toISOString(),
      data: {
        publicationId: 'pub-outbound-1',
        at: new Date().toISOString(),
        networks: ['instagram'],
        text: 'Nouvelle collection',
      },
    });
    const response = await fetch(`${http.url}/webhooks/standard`, {
      method: 'POST',
      headers: standardWebhookHeaders(new Webhook(INBOUND), 'msg_outbound_1', body, new Date()),
      body,
    });
    expect(response.status).toBe(202);
    await stack.bus.drain();

    // The runs retried because /down failed skip /n8n, delivered once (remembered in dynalite).
    const toN8n = receiver.received.filter((r) => r.path === '/n8n');
    const typeOf = (r: { body: string }) => (JSON.parse(r.body) as { type: string }).type;
    const delivered = toN8n.filter((r) => typeOf(r) === 'publication.requested');
    expect(delivered).toHaveLength(1);
    // The queue took the request: its lifecycle events follow (created, in review, reviewers asked).
    expect(toN8n.map(typeOf).sort()).toEqual([
      'publication.requested',
      'publication.review.requested',
      'publication.state.changed',
      'publication.state.changed',
    ]);
    const message = new Webhook(OUTBOUND).verify(delivered[0]!.body, {
      'webhook-id': delivered[0]!.headers['webhook-id'] as string,
      'webhook-timestamp': delivered[0]!.headers['webhook-timestamp'] as string,
      'webhook-signature': delivered[0]!.headers['webhook-signature'] as string,
    }) as { type: string; data: { publicationId: string } };
    expect(message.type).toBe('publication.requested');
    expect(message.data.publicationId).toBe('pub-outbound-1');

    // Three runs (the first and two asynchronous retries), then the dead letter.
    expect(receiver.received.filter((r) => r.path === '/down')).toHaveLength(3);
    const letters = stack.deadLetters.letters.filter(
      (letter) => letter.functionId === 'deliverOutboundWebhooks',
    );
    expect(letters).toHaveLength(1);
    expect(letters[0]!.reason).toContain('/down: 503');
  });
});
