import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashingMentionStore } from '../../../shared/local/fault-injection.ts';
import {
  expectStoredOnceOrDeadLettered,
  type FaultStack,
  faultStack,
  mention,
  mentionDelivery,
} from './harness.ts';

let local: FaultStack;
let crashing: ReturnType<typeof crashingMentionStore>;
let crashAt = -1;
/** SQS redelivers a failed batch once its visibility timeout (6 × the function timeout) has passed. */
const VISIBILITY_TIMEOUT_MS = 6 * 60 * 1000;

beforeAll(async () => {
  local = await faultStack((dependencies) => {
    crashing = crashingMentionStore(
      dependencies.mentionStore,
      (index) => index === crashAt,
      () => local.clock.advanceTo(new Date(local.clock.now().getTime() + VISIBILITY_TIMEOUT_MS)),
    );
    return { mentionStore: crashing };
  });
});
afterAll(async () => {
  await local.stack.close();
});

describe('a consumer crash mid-batch', () => {
  it('the 60 mentions of a batch that died after storing 25 are stored and counted exactly once by the redelivery', async () => {
    crashAt = 25;
    const accepted: string[] = [];
    for (let index = 0; index < 60; index++) {
      const { status } = await local.deliver(`crash-${index}`, mentionDelivery(mention(index)));
      if (status === 202) accepted.push(`m-${index}`);
    }
    await local.stack.bus.drain();
    expect(crashing.crashes).toBe(1);
    expect(accepted).toHaveLength(60);
    expect(await expectStoredOnceOrDeadLettered(local.stack, accepted)).toEqual({
      stored: 60,
      deadLettered: 0,
    });
  });
});
