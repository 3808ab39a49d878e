import { describe, expect, it } from 'vitest';
import { redriveDeadLetters } from '../../../shared/cli/commands/redrive.ts';
import { dynamoErrors, injectDynamoFaults } from '../../../shared/local/fault-injection.ts';
import { expectStoredOnceOrDeadLettered, mention, mentionDelivery, useFaultStack } from './harness.ts';

const local = useFaultStack();

describe('a DynamoDB outage longer than every retry', () => {
  it('leaves the accepted mentions in the DLQ with the reason, and a redrive after the fix stores each once', async () => {
    const accepted: string[] = [];
    for (let index = 0; index < 20; index++) {
      const { status } = await local.deliver(`outage-${index}`, mentionDelivery(mention(index)));
      if (status === 202) accepted.push(`m-${index}`);
    }
    expect(accepted).toHaveLength(20);

    // The table refuses every call while the queued mentions are consumed.
    const outage = injectDynamoFaults(local.stack.dynamo.table.client, () => true, dynamoErrors.internal);
    await local.stack.bus.drain();
    outage.remove();
    const letters = local.stack.deadLetters.letters;
    expect(letters).toHaveLength(20);
    for (const letter of letters) {
      expect(letter).toMatchObject({
        functionId: 'recordMentions',
        attempts: 5,
        messageId: expect.any(String),
      });
    }
    expect(await expectStoredOnceOrDeadLettered(local.stack, accepted)).toEqual({
      stored: 0,
      deadLettered: 20,
    });

    // Fixed: the redrive delivers them again, once.
    expect(await redriveDeadLetters(local.stack, 'recordMentions')).toEqual({
      redriven: 20,
      failedAgain: 0,
      kept: 0,
    });
    expect(local.stack.deadLetters.letters).toEqual([]);
    expect(await expectStoredOnceOrDeadLettered(local.stack, accepted)).toEqual({
      stored: 20,
      deadLettered: 0,
    });

    // A second redrive has nothing to move, and nothing is doubled.
    expect(await redriveDeadLetters(local.stack)).toEqual({ redriven: 0, failedAgain: 0, kept: 0 });
    expect((await expectStoredOnceOrDeadLettered(local.stack, accepted)).stored).toBe(20);
  });
});
