import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { originalEventOf, redriveInAws } from '../../../shared/cli/commands/redrive.ts';

const url = (name: string) => `https://sqs.eu-west-3.amazonaws.com/111111111111/${name}`;
const incident = {
  source: 'vigie.crisis',
  'detail-type': 'incident.opened',
  detail: { incidentId: 'inc-1' },
};

/** SQS and EventBridge stand-ins that answer the commands the redrive sends, and record them. */
function fakeAws() {
  const queues: Record<
    string,
    { sources: string[]; messages: { MessageId: string; ReceiptHandle: string; Body: string }[] }
  > = {
    'Vigie-acme-CrisisrecordMentionsBufferAB12-x': { sources: [], messages: [] },
    'Vigie-acme-CrisisrecordMentionsDlq1234-y': {
      sources: [url('Vigie-acme-CrisisrecordMentionsBufferAB12-x')],
      messages: [{ MessageId: 'm0', ReceiptHandle: 'r0', Body: '{}' }],
    },
    'Vigie-acme-AlertssendAlertEmailDlqCD34-z': {
      sources: [],
      messages: [
        {
          MessageId: 'm1',
          ReceiptHandle: 'r1',
          Body: JSON.stringify({ version: '0', id: 'e1', ...incident }),
        },
        {
          MessageId: 'm2',
          ReceiptHandle: 'r2',
          Body: JSON.stringify({
            requestContext: { condition: 'RetriesExhausted' },
            requestPayload: incident,
          }),
        },
        {
          MessageId: 'm3',
          ReceiptHandle: 'r3',
          Body: JSON.stringify({ source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} }),
        },
      ],
    },
    'Vigie-other-CrisisrecordMentionsDlq-w': {
      sources: [],
      messages: [{ MessageId: 'o', ReceiptHandle: 'o', Body: '{}' }],
    },
  };
  const calls: { command: string; input: Record<string, unknown> }[] = [];
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
        return {
          Attributes: {
            QueueArn: `arn:aws:sqs:eu-west-3:111111111111:${name}`,
            ApproximateNumberOfMessages: String(queues[name]!.messages.length),
          },
        };
      }
      if (command instanceof ListDeadLetterSourceQueuesCommand)
        return { queueUrls: queues[nameOf(command.input.QueueUrl)]!.sources };
      if (command instanceof StartMessageMoveTaskCommand) return { TaskHandle: 'task-1' };
      if (command instanceof ReceiveMessageCommand)
        return { Messages: queues[nameOf(command.input.QueueUrl)]!.messages.slice(0, 10) };
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
  return { queues, calls, put, clients: { sqs, events } as never };
}

describe('vigie redrive in AWS', () => {
  it('moves a buffer’s DLQ back with StartMessageMoveTask, re-puts rule-target and destination events on the bus, keeps scheduled runs', async () => {
    const aws = fakeAws();
    const lines: string[] = [];
    const totals = await redriveInAws(
      { stackName: 'Vigie-acme', busName: 'vigie-acme' },
      aws.clients,
      (line) => lines.push(line),
    );
    expect(totals).toEqual({ moveTasks: 1, reput: 2, kept: 1 });
    const moves = aws.calls.filter((call) => call.command === 'StartMessageMoveTaskCommand');
    // No destination: SQS moves the messages back to the queue they came from.
    expect(moves.map((call) => call.input)).toEqual([
      { SourceArn: 'arn:aws:sqs:eu-west-3:111111111111:Vigie-acme-CrisisrecordMentionsDlq1234-y' },
    ]);
    const entry = {
      EventBusName: 'vigie-acme',
      Source: 'vigie.crisis',
      DetailType: 'incident.opened',
      Detail: '{"incidentId":"inc-1"}',
    };
    expect(aws.put).toEqual([entry, entry]);
    expect(aws.queues['Vigie-acme-AlertssendAlertEmailDlqCD34-z']!.messages.map((m) => m.MessageId)).toEqual([
      'm3',
    ]);
    // Another client's stack is never touched.
    expect(JSON.stringify(aws.calls)).not.toContain('Vigie-other');
    expect(lines).toHaveLength(2);
  });

  it('--queue picks one DLQ by part of its name', async () => {
    const aws = fakeAws();
    const totals = await redriveInAws(
      { stackName: 'Vigie-acme', busName: 'vigie-acme', queue: 'recordmentions' },
      aws.clients,
      () => undefined,
    );
    expect(totals).toEqual({ moveTasks: 1, reput: 0, kept: 0 });
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
