import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { Mention } from '../../../shared/events/catalog.ts';
import { localContext } from '../../../shared/local/lambda-context.ts';
import { expectStoredOnceOrDeadLettered, mention, useFaultStack } from './harness.ts';

const local = useFaultStack();

function record(detail: Mention): SQSRecord {
  const event = {
    version: '0',
    id: randomUUID(),
    'detail-type': 'mention.received',
    source: 'vigie.ingress',
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'local',
    resources: [],
    detail,
  };
  return {
    messageId: randomUUID(),
    receiptHandle: 'local',
    body: JSON.stringify(event),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: 'events',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:000000000000:buffer',
    awsRegion: 'local',
  };
}

describe('two consumers racing on the same mentions', () => {
  it('conditional writes let one store each mention; the other’s copies are redelivered and found counted', async () => {
    const consumer = local.stack.consumers.find((candidate) => candidate.spec.id === 'recordMentions')!;
    const invoke = (records: SQSRecord[]) =>
      consumer.handler(
        { Records: records } satisfies SQSEvent as never,
        localContext('recordMentions', 60),
      ) as Promise<SQSBatchResponse>;
    const mentions = Array.from({ length: 30 }, (_, index) => mention(index));

    // The same mentions as two batches (an EventBridge duplicate, or a visibility timeout that ran out),
    // one in reverse order, handled at the same time by two instances.
    let pending = [mentions.map(record), [...mentions].reverse().map(record)];
    let rounds = 0;
    while (pending.some((batch) => batch.length)) {
      rounds += 1;
      const responses = await Promise.all(pending.map(invoke));
      // What each reported as failed is redelivered by its queue.
      pending = responses.map((response, index) =>
        pending[index]!.filter((r) =>
          response.batchItemFailures.some((f) => f.itemIdentifier === r.messageId),
        ),
      );
      expect(rounds).toBeLessThanOrEqual(5);
    }
    const { stored } = await expectStoredOnceOrDeadLettered(
      local.stack,
      mentions.map((m) => m.id),
    );
    expect(stored).toBe(30);
  });
});
