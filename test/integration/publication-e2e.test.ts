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
import { startWebhookReceiver, type WebhookReceiver } from '../../shared/local/webhook-receiver.ts';

const INBOUND = `whsec_${Buffer.from('vigie-e2e-publication-inbound-32').toString('base64')}`;
const PUBLISHER = `whsec_${Buffer.from('vigie-e2e-publication-publisher!').toString('base64')}`;
const API_KEY = 'e2e-publication-key';

let receiver: WebhookReceiver;
let stack: LocalStack;
let http: LocalHttpServer;
let clock: SimulatedClock;
const startedAt = new Date();

beforeAll(async () => {
  quietLambdaTooling();
  receiver = await startWebhookReceiver({ publisherSecret: PUBLISHER });
  const example = JSON.parse(JSON.stringify(loadClientConfig('clients/example.json')));
  const config = parseClientConfig({
    ...example,
    publishing: { ...example.publishing, requireApproval: false },
    publishers: {
      instagram: {
        kind: 'webhook',
        url: `${receiver.url}/publish`,
        secretName: '/vigie/example/publisher',
        verify: true,
      },
    },
  });
  clock = new SimulatedClock(startedAt);
  stack = await createLocalStack({
    config,
    clock,
    mailDir: join(mkdtempSync(join(tmpdir(), 'vigie-publication-e2e-')), 'mail'),
    deliverImmediately: true,
    env: { VIGIE_SECRET_STANDARD: INBOUND, VIGIE_SECRET_PUBLISHER: PUBLISHER, VIGIE_API_KEY: API_KEY },
  });
  http = await startLocalHttpServer(stack.consumers, { port: 0 });
});

afterAll(async () => {
  await http.close();
  await stack.close();
  await receiver.close();
});

describe('a publication on the local stack, end to end', () => {
  it('goes from a signed publication.requested webhook to one post through the webhook publisher, and reads published', async () => {
    const dueAt = new Date(startedAt.getTime() + 2 * 60_000);
    const body = JSON.stringify({
      type: 'publication.requested',
      timestamp: new Date().toISOString(),
      data: {
        publicationId: 'e2e-pub-1',
        at: startedAt.toISOString(),
        networks: ['instagram'],
        text: 'Nouvelle collection en boutique dès aujourd’hui ✨ #mode',
        links: ['https://example.com/collection'],
        media: [{ url: 'https://cdn.example.com/collection.jpg', kind: 'image' }],
        campaign: 'hiver',
        scheduledFor: dueAt.toISOString(),
      },
    });
    const send = () =>
      fetch(`${http.url}/webhooks/standard`, {
        method: 'POST',
        headers: standardWebhookHeaders(new Webhook(INBOUND), 'msg_e2e_pub_1', body, new Date()),
        body,
      });
    expect((await send()).status).toBe(202);
    // The sender retries its delivery: acknowledged, nothing queued twice.
    expect((await send()).status).toBe(200);
    await stack.bus.drain();

    const get = async () => {
      const response = await fetch(
        `${http.url}/publications?${new URLSearchParams({ from: startedAt.toISOString(), to: new Date(startedAt.getTime() + 3_600_000).toISOString() })}`,
        { headers: { authorization: `Bearer ${API_KEY}` } },
      );
      expect(response.status).toBe(200);
      return (
        (await response.json()) as {
          publications: { publicationId: string; outcomes: Record<string, Record<string, unknown>> }[];
        }
      ).publications;
    };
    expect((await get()).map((p) => [p.publicationId, p.outcomes.instagram!.state])).toEqual([
      ['e2e-pub-1', 'scheduled'],
    ]);
    expect(receiver.posts).toHaveLength(0);

    // One simulated minute: not yet. Two: published, once.
    await stack.scheduler.runUntil(new Date(startedAt.getTime() + 60_000), (to) => clock.advanceTo(to));
    expect(receiver.posts).toHaveLength(0);
    await stack.scheduler.runUntil(new Date(startedAt.getTime() + 5 * 60_000), (to) => clock.advanceTo(to));
    await stack.bus.drain();
    expect(receiver.posts).toHaveLength(1);
    const post = receiver.posts[0]!.body as {
      type: string;
      data: { text: string; links: string[]; publicationId: string };
    };
    expect(post.type).toBe('publication.publish');
    expect(post.data.publicationId).toBe('e2e-pub-1');
    expect(post.data.links[0]).toBe(
      'https://example.com/collection?utm_source=instagram&utm_medium=social&utm_campaign=hiver',
    );

    const [listed] = await get();
    expect(listed!.outcomes.instagram).toMatchObject({
      state: 'published',
      externalId: receiver.posts[0]!.externalId,
      attempts: 1,
    });
    expect(stack.deadLetters.letters).toEqual([]);
  });
});
