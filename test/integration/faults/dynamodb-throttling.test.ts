import { describe, expect, it } from 'vitest';
import { dynamoErrors, injectDynamoFaults, randomShare } from '../../../shared/local/fault-injection.ts';
import { expectStoredOnceOrDeadLettered, mention, mentionDelivery, useFaultStack } from './harness.ts';

const local = useFaultStack();

describe('DynamoDB throttling and transient errors', () => {
  it('throttled calls (one in five) are retried by the SDK, then by the sender or the queue: each mention stored once', async () => {
    const faults = injectDynamoFaults(
      local.stack.dynamo.table.client,
      randomShare(0.2, 7),
      dynamoErrors.throttled,
    );
    const accepted: string[] = [];
    for (let index = 0; index < 24; index++) {
      const { status } = await local.deliver(`throttle-${index}`, mentionDelivery(mention(index)));
      if (status === 202) accepted.push(`m-${index}`);
    }
    await local.stack.bus.drain();
    faults.remove();
    expect(faults.injected).toBeGreaterThan(5);
    expect(accepted).toHaveLength(24);
    const { stored, deadLettered } = await expectStoredOnceOrDeadLettered(local.stack, accepted);
    expect(stored + deadLettered).toBe(24);
  });

  it('transient 500s (one in three) lose nothing and double nothing', async () => {
    const faults = injectDynamoFaults(
      local.stack.dynamo.table.client,
      randomShare(0.33, 11),
      dynamoErrors.internal,
    );
    const accepted: string[] = [];
    for (let index = 100; index < 140; index++) {
      const { status } = await local.deliver(`transient-${index}`, mentionDelivery(mention(index)));
      if (status === 202) accepted.push(`m-${index}`);
    }
    await local.stack.bus.drain();
    faults.remove();
    expect(faults.injected).toBeGreaterThan(10);
    expect(accepted).toHaveLength(40);
    await expectStoredOnceOrDeadLettered(local.stack, accepted);
  });
});
