import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { originalEventOf, redriveInAws } from '../../../shared/cli/commands/redrive.ts';

const url = (name: string) => `https://sqs.eu-west-3.amazonaws.com/111111111111/${name}`;
const arn = (name: string) => `arn:aws:sqs:eu-west-3:111111111111:${name}`;
const incident = {
  source: 'vigie.crisis',
  'detail-type': 'incident.opened',
  detail: { incidentId: 'inc-1' },
};
const mention = { source: 'vigie.ingress', 'detail-type': 'mention.received', detail: { mentionId: 'm-1' } };
const buffer = 'Vigie-acme-CrisisrecordMentionsBufferAB12-x';
const bufferedBody = JSON.stringify({ version: '0', id: 'e0', ...mention });

interface FakeMessage {
  MessageId: string;
  ReceiptHandle: string;
  Body: string;
  Attributes?: Record<string, string>;
}

/** SQS and EventBridge stand-ins that answer the commands the redrive sends, and record them. */
function fakeAws() {
  const queues: Record<string, { messages: FakeMessage[] }> = {
    [buffer]: { messages: [] },
    // A capability's DLQ holds the three kinds of failure, mixed.
    'Vigie-acme-crisis-dlq': {
      messages: [
        {
          // Moved by the buffer's redrive policy: SQS names the source queue.
          MessageId: 'm0',
          ReceiptHandle: 'r0',
          Body: bufferedBody,
          Attributes: { DeadLetterQueueSourceArn: arn(buffer) },
        },
        {
          // A rule target's failure: the event itself.
          MessageId: 'm1',
          ReceiptHandle: 'r1',
          Body: JSON.stringify({ version: '0', id: 'e1', ...incident }),
        },
        {
          // A Lambda on-failure record: the event is its request payload.
          MessageId: 'm2',
          ReceiptHandle: 'r2',
          Body: JSON.stringify({
            requestContext: { condition: 'RetriesExhausted' },
            requestPayload: incident,
          }),
        },
        {
          // A scheduled run's record: nothing to replay.
          MessageId: 'm3',
          ReceiptHandle: 'r3',
          Body: JSON.stringify({
            requestPayload: { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} },
          }),
        },
      ],
    },
    'Vigie-acme-alerts-dlq': { messages: [] },
    'Vigie-acme-publishing-dlq': {
      messages: [{ MessageId: 'p1', ReceiptHandle: 'p1', Body: JSON.stringify({ publicationId: 'pub-1' }) }],
    },
    'Vigie-other-crisis-dlq': { messages: [{ MessageId: 'o', ReceiptHandle: 'o', Body: '{}' }] },
  };
  const calls: { command: string; input: Record<string, unknown> }[] = [];
  const sent: { queue: string; body: string }[] = [];
  const nameOf = (queueUrl: unknown) => String(queueUrl).split('/').pop()!;
  const sqs = {
    send: async (command: { input: Record<string, unknown> }) => {
      calls.push({ command: command.constructor.name, input: command.input });
      if (command instanceof ListQueuesCommand) {
        const prefix = String(command.input.QueueNamePrefix);
        return {
          QueueUrls: Object.keys(queues)
            .filter((name) => name.startsWith(prefix))
            .map(url),
        };
      }
      if (command instanceof GetQueueAttributesCommand) {
        const name = nameOf(command.input.QueueUrl);
        return { Attributes: { ApproximateNumberOfMessages: String(queues[name]!.messages.length) } };
      }
      if (command instanceof ReceiveMessageCommand) {
        expect(command.input.MessageSystemAttributeNames).toEqual(['DeadLetterQueueSourceArn']);
        return { Messages: queues[nameOf(command.input.QueueUrl)]!.messages.slice(0, 10) };
      }
      if (command instanceof GetQueueUrlCommand) {
        expect(command.input.QueueOwnerAWSAccountId).toBe('111111111111');
        return { QueueUrl: url(String(command.input.QueueName)) };
      }
      if (command instanceof SendMessageCommand) {
        sent.push({ queue: nameOf(command.input.QueueUrl), body: String(command.input.MessageBody) });
        return { MessageId: 'new' };
      }
      if (command instanceof DeleteMessageCommand) {
        const queue = queues[nameOf(command.input.QueueUrl)]!;
        queue.messages = queue.messages.filter(
          (message) => message.ReceiptHandle !== command.input.ReceiptHandle,
        );
        return {};
      }
      throw new Error(`unexpected ${command.constructor.name}`);
    },
  };
  const put: unknown[] = [];
  const events = {
    send: async (command: PutEventsCommand) => {
      expect(command).toBeInstanceOf(PutEventsCommand);
      put.push(...(command.input.Entries ?? []));
      return { FailedEntryCount: 0, Entries: [{ EventId: 'x' }] };
    },
  };
  return { queues, calls, sent, put, clients: { sqs, events } as never };
}

describe('vigie redrive in AWS', () => {
  it('redrives a shared DLQ message by message: buffer messages to their source queue, events to the bus, the rest kept', async () => {
    const aws = fakeAws();
    const lines: string[] = [];
    const totals = await redriveInAws(
      { stackName: 'Vigie-acme', busName: 'vigie-acme' },
      aws.clients,
      (line) => lines.push(line),
    );
    expect(totals).toEqual({ returned: 1, reput: 2, kept: 2 });
    // The buffered message goes back, unchanged, to the buffer SQS names (not to the bus).
    expect(aws.sent).toEqual([{ queue: buffer, body: bufferedBody }]);
    const entry = {
      EventBusName: 'vigie-acme',
      Source: 'vigie.crisis',
      DetailType: 'incident.opened',
      Detail: '{"incidentId":"inc-1"}',
    };
    expect(aws.put).toEqual([entry, entry]);
    expect(aws.queues['Vigie-acme-crisis-dlq']!.messages.map((m) => m.MessageId)).toEqual(['m3']);
    // A publication schedule's payload is no bus event: kept, and said so.
    expect(aws.queues['Vigie-acme-publishing-dlq']!.messages.map((m) => m.MessageId)).toEqual(['p1']);
    // Another client's stack is never touched; an empty DLQ is not read.
    expect(JSON.stringify(aws.calls)).not.toContain('Vigie-other');
    expect(
      aws.calls.filter((call) => call.command === 'ReceiveMessageCommand').map((call) => call.input.QueueUrl),
    ).not.toContain(url('Vigie-acme-alerts-dlq'));
    expect(lines).toEqual([
      expect.stringMatching(/crisis-dlq: 1 message\(s\) back to their buffer queue, 2 event\(s\) .* 1 kept/),
      expect.stringMatching(/publishing-dlq: 0 message\(s\) .* 0 event\(s\) .* 1 kept/),
    ]);
  });

  it('--queue <capability> redrives that capability’s DLQ only', async () => {
    const aws = fakeAws();
    const totals = await redriveInAws(
      { stackName: 'Vigie-acme', busName: 'vigie-acme', queue: 'publishing' },
      aws.clients,
      () => undefined,
    );
    expect(totals).toEqual({ returned: 0, reput: 0, kept: 1 });
    expect(aws.queues['Vigie-acme-crisis-dlq']!.messages).toHaveLength(4);
  });

  it('--queue ingress returns a dead-lettered archive message to the archive queue, unchanged', async () => {
    const aws = fakeAws();
    const archiveQueue = 'Vigie-acme-IngressarchiveWebhooksQueue6635CAC6-x';
    const delivery = JSON.stringify({
      source: 'standard',
      deliveryId: 'msg_1',
      receivedAt: '2026-03-02T10:00:05.000Z',
      query: {},
      rawBody: '{"type":"mention"}',
    });
    aws.queues[archiveQueue] = { messages: [] };
    aws.queues['Vigie-acme-ingress-dlq'] = {
      messages: [
        {
          MessageId: 'a1',
          ReceiptHandle: 'a1',
          Body: delivery,
          Attributes: { DeadLetterQueueSourceArn: arn(archiveQueue) },
        },
      ],
    };
    const totals = await redriveInAws(
      { stackName: 'Vigie-acme', busName: 'vigie-acme', queue: 'ingress' },
      aws.clients,
      () => undefined,
    );
    expect(totals).toEqual({ returned: 1, reput: 0, kept: 0 });
    expect(aws.sent).toEqual([{ queue: archiveQueue, body: delivery }]);
    expect(aws.put).toEqual([]);
    expect(aws.queues['Vigie-acme-ingress-dlq']!.messages).toEqual([]);
  });

  it('--queue with a function id names the capability whose DLQ holds its letters', async () => {
    await expect(
      redriveInAws(
        { stackName: 'Vigie-acme', busName: 'vigie-acme', queue: 'recordMentions' },
        fakeAws().clients,
        () => undefined,
      ),
    ).rejects.toThrow('--queue crisis');
  });

  it('reads the event out of a rule-target message and of a Lambda failure record, and nothing else', () => {
    expect(originalEventOf(JSON.stringify({ id: '1', ...incident }))).toEqual(incident);
    expect(originalEventOf(JSON.stringify({ requestPayload: incident }))).toEqual(incident);
    expect(
      originalEventOf(JSON.stringify({ source: 'aws.events', 'detail-type': 'Scheduled Event' })),
    ).toBeUndefined();
    expect(originalEventOf('not json')).toBeUndefined();
  });
});
