import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { MAX_ARCHIVE_MESSAGE_BYTES } from '../../shared/adapters/archive-queue.ts';
import { deliveryPolicy, functionSpecs } from '../../shared/events/routing.ts';
import { exampleStack, roleStatements } from './stack-fixture.ts';

/** The archive queue between receiveWebhook and archiveWebhooks, and who may touch what. */
const { stack, template } = exampleStack();
const resolve = (value: unknown) => stack.resolve(value);
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: never }>;
const logicalIdOf = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);
const wiredOf = (id: string) => stack.functions.find((entry) => entry.fn.spec.id === id)!;
const archiveQueue = stack.ingress.queues.get('webhookArchive')!;
const archiveSpec = functionSpecs.find((spec) => spec.id === 'archiveWebhooks')!;

const statementsOf = (functionId: string) => roleStatements(stack, template, functionId);

const deadLetterArns = [stack.ingress, stack.crisis, stack.metrics, stack.alerts, stack.publishing].map(
  (capability) => JSON.stringify(resolve(capability.deadLetterQueue.queueArn)),
);
/** SQS statements, less the on-failure destination's (every asynchronously invocable function may write its DLQ). */
const queueStatementsOf = (functionId: string) =>
  statementsOf(functionId).filter(
    (s) =>
      [s.Action].flat().some((action) => action.startsWith('sqs:')) &&
      !deadLetterArns.includes(JSON.stringify(s.Resource)),
  );
const actionsOf = (functionId: string) => statementsOf(functionId).flatMap((s) => [s.Action].flat());
const variablesOf = (functionId: string) =>
  (
    resources[logicalIdOf(wiredOf(functionId).fn)]!.Properties as {
      Environment: { Variables: Record<string, unknown> };
    }
  ).Environment.Variables;

describe('the archive queue', () => {
  it('is the ingress’s, encrypted (SSE-SQS), TLS-only, and takes SQS’s largest messages', () => {
    const queue = resources[logicalIdOf(archiveQueue)]!.Properties as Record<string, unknown>;
    expect(queue).toMatchObject({ SqsManagedSseEnabled: true, MaximumMessageSize: 1_048_576 });
    expect(MAX_ARCHIVE_MESSAGE_BYTES).toBe(1_048_576);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalIdOf(archiveQueue) }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ],
      },
    });
  });

  it('hides a message for at least 6 times archiveWebhooks’ timeout, and redrives to the ingress DLQ after 5 receives', () => {
    const queue = resources[logicalIdOf(archiveQueue)]!.Properties as {
      VisibilityTimeout: number;
      RedrivePolicy: unknown;
    };
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * archiveSpec.timeoutSeconds);
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: resolve(stack.ingress.deadLetterQueue.queueArn),
      maxReceiveCount: deliveryPolicy.queueMaxReceiveCount,
    });
    const dlq = resources[logicalIdOf(stack.ingress.deadLetterQueue)]!.Properties as { QueueName: string };
    expect(dlq.QueueName).toBe('Vigie-example-ingress-dlq');
  });

  it('feeds archiveWebhooks in batches of the routing table, reporting partial failures', () => {
    expect(archiveSpec.trigger).toMatchObject({ kind: 'queue', queue: 'webhookArchive' });
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).filter(
      (mapping) =>
        JSON.stringify(mapping.Properties.EventSourceArn) === JSON.stringify(resolve(archiveQueue.queueArn)),
    );
    expect(mappings.map((mapping) => mapping.Properties)).toEqual([
      {
        EventSourceArn: resolve(archiveQueue.queueArn),
        FunctionName: { Ref: logicalIdOf(wiredOf('archiveWebhooks').fn) },
        BatchSize: 100,
        MaximumBatchingWindowInSeconds: 300,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        Tags: expect.anything(),
      },
    ]);
    expect(wiredOf('archiveWebhooks').buffer).toBe(archiveQueue);
  });

  it('archiveWebhooks fails like the other buffers’ consumers: no rule, no asynchronous invoke, the queue redrives', () => {
    const fnId = logicalIdOf(wiredOf('archiveWebhooks').fn);
    const invokeConfigs = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig')).filter(
      (config) => JSON.stringify(config.Properties.FunctionName) === JSON.stringify({ Ref: fnId }),
    );
    expect(invokeConfigs).toEqual([]);
    const rulesTargetingIt = Object.values(template.findResources('AWS::Events::Rule')).filter((rule) =>
      JSON.stringify(rule.Properties.Targets).includes(`"${fnId}"`),
    );
    expect(rulesTargetingIt).toEqual([]);
    // The DLQ the queue redrives to raises the ingress alarm.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: resolve(stack.ingress.deadLetterQueue.queueName) }],
    });
  });
});

describe('grants around the archive', () => {
  it('receiveWebhook may only SendMessage to the archive queue, and touches no bucket', () => {
    expect(queueStatementsOf('receiveWebhook')).toEqual([
      expect.objectContaining({ Action: 'sqs:SendMessage', Resource: resolve(archiveQueue.queueArn) }),
    ]);
    expect(actionsOf('receiveWebhook').filter((action) => action.startsWith('s3:'))).toEqual([]);
    const variables = variablesOf('receiveWebhook');
    expect(variables.WEBHOOK_ARCHIVE_QUEUE_URL).toEqual({ Ref: logicalIdOf(archiveQueue) });
    expect(variables.ARCHIVE_BUCKET).toBeUndefined();
  });

  it('archiveWebhooks may only PutObject under raw/ of the archive bucket, and consume its queue', () => {
    const s3 = statementsOf('archiveWebhooks').filter((s) =>
      [s.Action].flat().some((a) => a.startsWith('s3:')),
    );
    expect(s3).toEqual([
      expect.objectContaining({
        Action: 's3:PutObject',
        Resource: resolve(stack.core.rawArchive.arnForObjects('raw/*')),
      }),
    ]);
    const sqs = queueStatementsOf('archiveWebhooks');
    expect(sqs.flatMap((s) => [s.Action].flat()).sort()).toEqual([
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
    ]);
    for (const statement of sqs) expect(statement.Resource).toEqual(resolve(archiveQueue.queueArn));
    expect(variablesOf('archiveWebhooks').ARCHIVE_BUCKET).toEqual({
      Ref: logicalIdOf(stack.core.rawArchive),
    });
    expect(actionsOf('archiveWebhooks').filter((action) => action.startsWith('dynamodb:'))).toEqual([]);
  });

  it('lets a function send messages exactly to the queues its spec lists', () => {
    for (const spec of functionSpecs) {
      const sent = queueStatementsOf(spec.id)
        .filter((s) => [s.Action].flat().includes('sqs:SendMessage'))
        .map((s) => JSON.stringify(s.Resource));
      expect(sent, spec.id).toEqual(
        spec.access.sendMessages.map((queue) =>
          JSON.stringify(resolve(stack.ingress.queues.get(queue)!.queueArn)),
        ),
      );
    }
  });
});
