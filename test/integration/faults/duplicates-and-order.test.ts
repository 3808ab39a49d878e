import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { domainEvent } from '../../../shared/events/catalog.ts';
import {
  BASE_TIME,
  expectStoredOnceOrDeadLettered,
  mention,
  mentionDelivery,
  scanTable,
  useFaultStack,
} from './harness.ts';

const local = useFaultStack();

describe('duplicate and out-of-order deliveries', () => {
  // Mention-only deliveries are not remembered by the ingress (a write saved per delivery): the
  // retry is accepted again and the consumer, which stores by mention id, keeps one.
  it('a sender’s retry of a mention delivery is accepted again and stored once', async () => {
    expect((await local.deliver('dup-1', mentionDelivery(mention(1)))).status).toBe(202);
    expect((await local.deliver('dup-1', mentionDelivery(mention(1)))).status).toBe(202);
    await local.stack.bus.drain();
    expect((await expectStoredOnceOrDeadLettered(local.stack, ['m-1'])).stored).toBe(1);
  });

  it('the same mention in two deliveries, and twice on the bus in one batch, is stored and counted once', async () => {
    expect((await local.deliver('dup-2a', mentionDelivery(mention(2)))).status).toBe(202);
    expect((await local.deliver('dup-2b', mentionDelivery(mention(2)))).status).toBe(202);
    const event = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'mention.received',
      source: 'vigie.ingress',
      account: '000000000000',
      time: new Date().toISOString(),
      region: 'local',
      resources: [],
      detail: mention(3),
    };
    local.stack.bus.deliverTo('recordMentions', event);
    local.stack.bus.deliverTo('recordMentions', event); // EventBridge delivers at least once
    await local.stack.bus.drain();
    expect((await expectStoredOnceOrDeadLettered(local.stack, ['m-1', 'm-2', 'm-3'])).stored).toBe(3);
  });

  it('mentions arriving newest first land in the right 5-minute buckets', async () => {
    const late = Array.from({ length: 40 }, (_, index) => mention(100 + index)).reverse();
    for (const m of late) expect((await local.deliver(`order-${m.id}`, mentionDelivery(m))).status).toBe(202);
    await local.stack.bus.drain();
    await expectStoredOnceOrDeadLettered(
      local.stack,
      late.map((m) => m.id),
    );
    const counts = await local.stack.stores.mentions.countsBetween(
      new Date(BASE_TIME).toISOString(),
      new Date(BASE_TIME + 3 * 3_600_000).toISOString(),
    );
    const expected = new Map<string, number>();
    for (const m of [mention(1), mention(2), mention(3), ...late]) {
      const bucket = `${new Date(Math.floor(Date.parse(m.at) / 300_000) * 300_000).toISOString()}#${m.network}`;
      expected.set(bucket, (expected.get(bucket) ?? 0) + 1);
    }
    expect(
      Object.fromEntries(counts.map((row) => [`${row.bucketStart}#${row.network}`, row.counts.total])),
    ).toEqual(Object.fromEntries(expected));
  });

  it('an older metrics snapshot arriving after a newer one is stored but does not replace the latest counters', async () => {
    const snapshot = (minutes: number, likes: number) => ({
      id: `snap-${minutes}`,
      at: new Date(BASE_TIME + minutes * 60_000).toISOString(),
      network: 'instagram' as const,
      postId: 'post-1',
      counters: { likes },
    });
    await local.stack.bus.publish([domainEvent('metricsSnapshotReceived', snapshot(30, 300))]);
    await local.stack.bus.publish([domainEvent('metricsSnapshotReceived', snapshot(10, 100))]);
    await local.stack.bus.publish([domainEvent('metricsSnapshotReceived', snapshot(30, 300))]); // duplicate
    await local.stack.bus.drain();
    const items = (await scanTable(local.stack)).filter((item) => item.pk === 'POST#instagram#post-1');
    expect(items.filter((item) => String(item.sk).startsWith('SNAPSHOT#'))).toHaveLength(2);
    expect(items.find((item) => item.sk === 'LATEST')).toMatchObject({ counters: { likes: 300 } });
  });
});
