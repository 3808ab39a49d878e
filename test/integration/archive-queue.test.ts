import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { type ArchivedDelivery, FolderRawArchive } from '../../shared/adapters/raw-archive.ts';
import { redriveDeadLetters } from '../../shared/cli/commands/redrive.ts';
import { standardWebhookHeaders } from '../../shared/cli/commands/send.ts';
import { quietLambdaTooling } from '../../shared/cli/quiet.ts';
import { loadClientConfig } from '../../shared/config/client-config.ts';
import { SimulatedClock } from '../../shared/local/clock.ts';
import { type LocalHttpServer, startLocalHttpServer } from '../../shared/local/http-server.ts';
import { createLocalStack, type LocalStack } from '../../shared/local/local-stack.ts';
import { OperationMeter } from '../../shared/local/operation-meter.ts';

const SECRET = `whsec_${Buffer.from('vigie-archive-queue-test-secret!').toString('base64')}`;
const config = loadClientConfig('clients/example.json');
const receivedAt = new Date('2026-03-02T10:00:00Z');

let stack: LocalStack | undefined;
let http: LocalHttpServer | undefined;

afterEach(async () => {
  await http?.close();
  await stack?.close();
  stack = undefined;
  http = undefined;
});

/** A local stack that delivers only when drained (as replay does), behind its HTTP server. */
async function start(options: { archiveDown?: () => boolean } = {}) {
  quietLambdaTooling();
  const root = mkdtempSync(join(tmpdir(), 'vigie-archive-queue-'));
  const deliveries: [string, number, number][] = [];
  const meter = new OperationMeter();
  stack = await createLocalStack({
    config,
    clock: new SimulatedClock(receivedAt),
    mailDir: join(root, 'mail'),
    archiveDir: join(root, 'archive'),
    deliverImmediately: false,
    env: { VIGIE_SECRET_STANDARD: SECRET },
    meter,
    onDelivery: (functionId, events, failed) => deliveries.push([functionId, events, failed]),
    adapt: (dependencies) => ({
      rawArchive: {
        put: async (delivery: ArchivedDelivery) => {
          if (options.archiveDown?.()) throw new Error('archive unavailable');
          await (dependencies.rawArchive as FolderRawArchive).put(delivery);
        },
      },
    }),
  });
  http = await startLocalHttpServer(stack.consumers, { port: 0 });
  const archive = new FolderRawArchive(join(root, 'archive'));
  const archivedItems = async () => {
    const items: ArchivedDelivery[] = [];
    for await (const item of archive.list('2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z')) items.push(item);
    return items;
  };
  const archived = async () => (await archivedItems()).map((item) => item.deliveryId);
  const post = async (id: string) => {
    const body = JSON.stringify({
      type: 'mention',
      timestamp: receivedAt.toISOString(),
      data: {
        id: `m-${id}`,
        at: receivedAt.toISOString(),
        network: 'instagram',
        text: 'Livraison parfaite, merci',
        author: { handle: '@fan', followers: 10 },
        sentiment: 'positive',
      },
    });
    const response = await fetch(`${http!.url}/webhooks/standard?token=never-archived&campaign=spring`, {
      method: 'POST',
      headers: standardWebhookHeaders(new Webhook(SECRET), id, body, new Date()),
      body,
    });
    return response.status;
  };
  return { stack, deliveries, meter, archived, archivedItems, post };
}

describe('the archive queue on the local stack', () => {
  it('acknowledges first; archiveWebhooks writes the raw body when the queue delivers', async () => {
    const { stack, deliveries, meter, archived, post } = await start();
    expect(await post('msg_1')).toBe(202);
    // Acknowledged with the body still in the queue: nothing written on the webhook's path.
    expect(await archived()).toEqual([]);
    expect(meter.snapshot().archivePuts).toBe(0);
    await stack.bus.drain();
    expect(await archived()).toEqual(['msg_1']);
    expect(deliveries.filter(([functionId]) => functionId === 'archiveWebhooks')).toEqual([
      ['archiveWebhooks', 1, 0],
    ]);
    const counted = meter.snapshot();
    expect(counted.invocations.archiveWebhooks).toBe(1);
    expect(counted.archivePuts).toBe(1);
    // The mention's buffer message and the archive message: each sent, received, deleted in AWS.
    expect(counted.queuedMessages).toBe(2);
  });

  it('archives the delivery as received, less the URL token', async () => {
    const { stack, archivedItems, post } = await start();
    expect(await post('msg_q')).toBe(202);
    await stack.bus.drain();
    const items = await archivedItems();
    expect(items.map((item) => [item.source, item.deliveryId, item.receivedAt, item.query])).toEqual([
      ['standard', 'msg_q', receivedAt.toISOString(), { campaign: 'spring' }],
    ]);
    expect(JSON.parse(items[0]!.rawBody).data.id).toBe('m-msg_q');
  });

  it('dead-letters what the archive refuses after 5 receives, and vigie redrive --queue ingress brings it back', async () => {
    let down = true;
    const { stack, archived, post } = await start({ archiveDown: () => down });
    expect(await post('msg_2')).toBe(202);
    await stack.bus.drain();
    expect(await archived()).toEqual([]);
    expect(stack.deadLetters.letters.map((letter) => [letter.functionId, letter.attempts])).toEqual([
      ['archiveWebhooks', 5],
    ]);
    expect((stack.deadLetters.letters[0]!.event as ArchivedDelivery).deliveryId).toBe('msg_2');
    down = false;
    const summary = await redriveDeadLetters(stack, 'ingress');
    expect(summary).toEqual({ redriven: 1, failedAgain: 0, kept: 0 });
    expect(await archived()).toEqual(['msg_2']);
  });
});
