import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBridgePublisher } from '../../../shared/adapters/event-publisher.ts';
import { domainEvent } from '../../../shared/events/catalog.ts';
import { FlakyEventBridge, randomShare } from '../../../shared/local/fault-injection.ts';
import {
  expectStoredOnceOrDeadLettered,
  type FaultStack,
  faultStack,
  mention,
  mentionDelivery,
} from './harness.ts';

let local: FaultStack;
let flaky: FlakyEventBridge;
let publisher: EventBridgePublisher;
let refuse = randomShare(0.5, 5);
beforeAll(async () => {
  local = await faultStack((dependencies) => {
    // The real EventBridge adapter, in front of a bus that refuses about half of the entries.
    flaky = new FlakyEventBridge(dependencies.publisher, (index) => refuse(index));
    publisher = new EventBridgePublisher(flaky as never, 'local', { attempts: 2, baseDelayMs: 1 });
    return { publisher };
  });
});
afterAll(async () => {
  await local.stack.close();
});

describe('PutEvents partial failures (FailedEntryCount)', () => {
  it('the ingress answers 503 until every event is on the bus; the sender’s retries lose and double nothing', async () => {
    const accepted: string[] = [];
    let retried = 0;
    for (let index = 0; index < 30; index++) {
      const { status, attempts } = await local.deliver(`partial-${index}`, mentionDelivery(mention(index)));
      if (status === 202) accepted.push(`m-${index}`);
      if (attempts > 1) retried += 1;
    }
    await local.stack.bus.drain();
    expect(flaky.injected).toBeGreaterThan(10);
    expect(retried).toBeGreaterThan(0);
    expect(accepted).toHaveLength(30);
    const { stored } = await expectStoredOnceOrDeadLettered(local.stack, accepted);
    expect(stored).toBe(30);
  });

  it('a batch of 25 events partly refused is retried entry by entry; a producer re-publishing after a throw doubles nothing', async () => {
    refuse = randomShare(0.15, 9);
    const refusedBefore = flaky.injected;
    const mentions = Array.from({ length: 25 }, (_, index) => mention(500 + index));
    let publishCalls = 0;
    for (;;) {
      publishCalls += 1;
      try {
        await publisher.publish(mentions.map((m) => domainEvent('mentionReceived', m)));
        break;
      } catch (error) {
        expect((error as Error).name).toBe('EventsNotPublishedError'); // the caller must not acknowledge
        expect(publishCalls).toBeLessThan(50);
      }
    }
    await local.stack.bus.drain();
    expect(flaky.injected).toBeGreaterThan(refusedBefore);
    const { stored } = await expectStoredOnceOrDeadLettered(
      local.stack,
      mentions.map((m) => m.id),
    );
    expect(stored).toBe(55);
  });
});
