import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { loadClientConfig } from '../../config/client-config.ts';
import {
  type Capability,
  deadLetterQueueName,
  functionSpecs,
  isCapability,
  specsOf,
} from '../../events/routing.ts';
import { wallClock } from '../../local/clock.ts';
import type { DeadLetter } from '../../local/dead-letters.ts';
import { localContext } from '../../local/lambda-context.ts';
import { createLocalStack, dataFolders, type LocalStack } from '../../local/local-stack.ts';
import { quietLambdaTooling } from '../quiet.ts';

export interface RedriveSummary {
  /** Letters taken out of the DLQs and delivered again. */
  redriven: number;
  /** Of those, back in a DLQ after their retries (the cause is not fixed). */
  failedAgain: number;
  /** Letters that cannot be replayed (e.g. a publication's one-time schedule): kept in the DLQ. */
  kept: number;
}

type BusEvent = Parameters<LocalStack['bus']['deliverTo']>[1];

/**
 * Moves a local stack's dead letters back to their function (all, one function's, or one
 * capability's, as in AWS), like an SQS redrive to the source queue, and delivers them with the
 * usual retries: what fails again returns to the DLQ with its new reason.
 */
export async function redriveDeadLetters(stack: LocalStack, queue?: string): Promise<RedriveSummary> {
  const functionIds = !queue
    ? undefined
    : isCapability(queue)
      ? specsOf(queue).map((spec) => spec.id)
      : [queue];
  const letters = await stack.deadLetters.take(functionIds);
  const before = stack.deadLetters.letters.length;
  let kept = 0;
  const rerun: { letter: DeadLetter; run: () => Promise<unknown> }[] = [];
  for (const letter of letters) {
    const consumer = stack.consumers.find((candidate) => candidate.spec.id === letter.functionId);
    if (consumer?.spec.trigger.kind === 'events') {
      stack.bus.deliverTo(letter.functionId, letter.event as BusEvent);
    } else if (consumer?.spec.trigger.kind === 'queue') {
      // The message itself (a dead letter keeps its parsed body), back to its queue.
      stack.bus.redriveMessage(letter.functionId, JSON.stringify(letter.event));
    } else if (consumer?.spec.trigger.kind === 'schedule') {
      // A scheduled run that failed: run it once more, now.
      rerun.push({
        letter,
        run: () =>
          consumer.handler(
            letter.event as never,
            localContext(consumer.spec.id, consumer.spec.timeoutSeconds),
          ),
      });
    } else {
      kept += 1;
      await stack.deadLetters.add(letter);
    }
  }
  await stack.bus.drain();
  for (const { letter, run } of rerun) {
    try {
      await run();
    } catch (error) {
      await stack.deadLetters.add({
        ...letter,
        reason: (error as Error).message,
        at: wallClock.now().toISOString(),
      });
    }
  }
  await stack.bus.drain();
  return {
    redriven: letters.length - kept,
    failedAgain: stack.deadLetters.letters.length - before - kept,
    kept,
  };
}

export interface RedriveOptions {
  queue?: string;
  all: boolean;
  client: string;
  data: string;
  /** AWS: the region of the client's stack; its DLQs are found by the stack's name. */
  region?: string;
  aws: boolean;
}

/** `vigie redrive`: after a fix, the dead letters go back to their source. */
export async function runRedrive(
  options: RedriveOptions,
  log: (line: string) => void = console.log,
): Promise<void> {
  if (!options.queue && !options.all) throw new Error('say which DLQ: --queue <name> or --all');
  const config = loadClientConfig(options.client);
  if (options.aws) {
    await redriveInAws(
      {
        stackName: `Vigie-${config.client.name}`,
        busName: `vigie-${config.client.name}`,
        queue: options.all ? undefined : options.queue,
      },
      {
        sqs: new SQSClient({ region: options.region }),
        events: new EventBridgeClient({ region: options.region }),
      },
      log,
    );
    return;
  }
  quietLambdaTooling();
  const stack = await createLocalStack({
    config,
    clock: wallClock,
    ...dataFolders(options.data),
    deliverImmediately: false,
  });
  try {
    const summary = await redriveDeadLetters(stack, options.all ? undefined : options.queue);
    log(
      `redriven ${summary.redriven} dead letter(s): ${summary.redriven - summary.failedAgain} processed, ${summary.failedAgain} failed again (back in ${dataFolders(options.data).deadLetterDir}); ${summary.kept} not replayable, kept`,
    );
  } finally {
    await stack.close();
  }
}

export interface AwsClients {
  sqs: Pick<SQSClient, 'send'>;
  events: Pick<EventBridgeClient, 'send'>;
}

export interface AwsRedriveTotals {
  /** Messages an SQS buffer's redrive policy had moved: sent back to that buffer. */
  returned: number;
  /** Rule-target failures and Lambda failure records: their event put on the bus again. */
  reput: number;
  /** Neither (a publication schedule's payload, a scheduled run's record) or refused: left in the DLQ. */
  kept: number;
}

/**
 * In AWS: the DLQ of each capability (or of one, `queue`). A capability's DLQ holds, mixed,
 * messages that a buffer's redrive policy moved (SQS names their source queue in the
 * `DeadLetterQueueSourceArn` system attribute), events a rule could not deliver (the event itself)
 * and Lambda failure records (the event is their `requestPayload`). `StartMessageMoveTask` would
 * move all of them to one queue, so each message is redriven on its own: back to its buffer, or
 * put on the bus again; either way deleted from the DLQ once its destination took it. Every
 * consumer dedupes, so other rules seeing a re-put event again is harmless (and a buffered message
 * without the attribute, being the event itself, would still reach its consumer through the bus).
 */
export async function redriveInAws(
  target: { stackName: string; busName: string; queue?: string },
  clients: AwsClients,
  log: (line: string) => void,
): Promise<AwsRedriveTotals> {
  const capabilities = [...new Set(functionSpecs.map((spec) => spec.capability))];
  if (target.queue && !isCapability(target.queue)) {
    const owner = functionSpecs.find((spec) => spec.id === target.queue)?.capability;
    throw new Error(
      `in AWS the DLQs are per capability: --queue ${owner ?? capabilities.join(' | ')}${owner ? ` (${target.queue}'s)` : ''}`,
    );
  }
  const wanted = new Set(
    (target.queue ? [target.queue] : capabilities).map((capability) =>
      deadLetterQueueName(target.stackName, capability as Capability),
    ),
  );
  const listed = await clients.sqs.send(new ListQueuesCommand({ QueueNamePrefix: `${target.stackName}-` }));
  const dlqs = (listed.QueueUrls ?? []).filter((url) => wanted.has(url.split('/').pop() ?? ''));
  if (!dlqs.length) log(`no DLQ of ${target.stackName} matches ${target.queue ?? '(all)'}`);
  const totals: AwsRedriveTotals = { returned: 0, reput: 0, kept: 0 };
  for (const url of dlqs) {
    const { Attributes } = await clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    if (!Number(Attributes?.ApproximateNumberOfMessages ?? 0)) continue;
    const done = await redriveQueue(url, target.busName, clients);
    totals.returned += done.returned;
    totals.reput += done.reput;
    totals.kept += done.kept;
    log(
      `${url}: ${done.returned} message(s) back to their buffer queue, ${done.reput} event(s) put on ${target.busName} again, ${done.kept} kept (not replayable, or refused: read them, then delete them by hand)`,
    );
  }
  return totals;
}

async function redriveQueue(url: string, busName: string, clients: AwsClients): Promise<AwsRedriveTotals> {
  const totals: AwsRedriveTotals = { returned: 0, reput: 0, kept: 0 };
  const seen = new Set<string>();
  const sourceUrls = new Map<string, string>();
  const sourceUrlOf = async (arn: string) => {
    if (!sourceUrls.has(arn)) {
      // arn:aws:sqs:<region>:<account>:<name>
      const [, , , , account, name] = arn.split(':');
      const { QueueUrl } = await clients.sqs.send(
        new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }),
      );
      sourceUrls.set(arn, QueueUrl ?? '');
    }
    return sourceUrls.get(arn)!;
  };
  for (;;) {
    const { Messages } = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: 60,
        MessageSystemAttributeNames: ['DeadLetterQueueSourceArn'],
      }),
    );
    const fresh = (Messages ?? []).filter((message) => !seen.has(message.MessageId ?? ''));
    if (!fresh.length) return totals;
    for (const message of fresh) {
      seen.add(message.MessageId ?? '');
      const outcome = await redriveMessage(message, busName, clients, sourceUrlOf);
      totals[outcome] += 1;
      if (outcome === 'kept') continue;
      await clients.sqs.send(
        new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }),
      );
    }
  }
}

async function redriveMessage(
  message: Message,
  busName: string,
  clients: AwsClients,
  sourceUrlOf: (arn: string) => Promise<string>,
): Promise<keyof AwsRedriveTotals> {
  const sourceArn = message.Attributes?.DeadLetterQueueSourceArn;
  if (sourceArn) {
    await clients.sqs.send(
      new SendMessageCommand({ QueueUrl: await sourceUrlOf(sourceArn), MessageBody: message.Body ?? '' }),
    );
    return 'returned';
  }
  const event = originalEventOf(message.Body ?? '');
  if (!event) return 'kept'; // e.g. a scheduled run: the next run covers it
  const result = await clients.events.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: busName,
          Source: event.source,
          DetailType: event['detail-type'],
          Detail: JSON.stringify(event.detail),
        },
      ],
    }),
  );
  return result.FailedEntryCount ? 'kept' : 'reput';
}

/** The Vigie event a DLQ message carries: the event itself (rule target) or a Lambda failure record's payload. */
export function originalEventOf(
  body: string,
): { source: string; 'detail-type': string; detail: unknown } | undefined {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const event = (parsed.requestPayload ?? parsed) as Record<string, unknown>;
    if (typeof event.source !== 'string' || !event.source.startsWith('vigie.')) return undefined;
    if (typeof event['detail-type'] !== 'string') return undefined;
    return { source: event.source, 'detail-type': event['detail-type'], detail: event.detail };
  } catch {
    return undefined;
  }
}
