import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { loadClientConfig } from '../../config/client-config.ts';
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
 * Moves a local stack's dead letters back to their function (all, or one function's), like an SQS
 * redrive to the source queue, and delivers them with the usual retries: what fails again returns
 * to the DLQ with its new reason.
 */
export async function redriveDeadLetters(stack: LocalStack, functionId?: string): Promise<RedriveSummary> {
  const letters = await stack.deadLetters.take(functionId);
  const before = stack.deadLetters.letters.length;
  let kept = 0;
  const rerun: { letter: DeadLetter; run: () => Promise<unknown> }[] = [];
  for (const letter of letters) {
    const consumer = stack.consumers.find((candidate) => candidate.spec.id === letter.functionId);
    if (consumer?.spec.trigger.kind === 'events') {
      stack.bus.deliverTo(letter.functionId, letter.event as BusEvent);
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

/**
 * In AWS: each DLQ of the stack (queue names carry the stack name and `Dlq`). A DLQ that is some
 * queue's redrive target goes back to it with `StartMessageMoveTask` (SQS moves the messages, at
 * its pace). A DLQ behind rule targets and on-failure destinations has no source queue: each event
 * is put on the bus again (the original event, or the `requestPayload` of a Lambda failure record)
 * and deleted once the bus took it. Every consumer dedupes, so other rules seeing it again is harmless.
 */
export async function redriveInAws(
  target: { stackName: string; busName: string; queue?: string },
  clients: AwsClients,
  log: (line: string) => void,
): Promise<{ moveTasks: number; reput: number; kept: number }> {
  const listed = await clients.sqs.send(new ListQueuesCommand({ QueueNamePrefix: `${target.stackName}-` }));
  const dlqs = (listed.QueueUrls ?? []).filter((url) => {
    const name = url.split('/').pop() ?? '';
    return /Dlq/.test(name) && (!target.queue || name.toLowerCase().includes(target.queue.toLowerCase()));
  });
  if (!dlqs.length) log(`no DLQ of ${target.stackName} matches ${target.queue ?? '(all)'}`);
  const totals = { moveTasks: 0, reput: 0, kept: 0 };
  for (const url of dlqs) {
    const { Attributes } = await clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages'],
      }),
    );
    const waiting = Number(Attributes?.ApproximateNumberOfMessages ?? 0);
    if (!waiting) continue;
    const sources = await clients.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: url }));
    if (sources.queueUrls?.length) {
      const task = await clients.sqs.send(
        new StartMessageMoveTaskCommand({ SourceArn: Attributes!.QueueArn }),
      );
      totals.moveTasks += 1;
      log(
        `${url}: ${waiting} message(s) moving back to ${sources.queueUrls.join(', ')} (task ${task.TaskHandle})`,
      );
      continue;
    }
    const { reput, kept } = await reputOnBus(url, target.busName, clients);
    totals.reput += reput;
    totals.kept += kept;
    log(
      `${url}: ${reput} event(s) put on ${target.busName} again, ${kept} kept (not bus events, or refused)`,
    );
  }
  return totals;
}

async function reputOnBus(
  url: string,
  busName: string,
  clients: AwsClients,
): Promise<{ reput: number; kept: number }> {
  let reput = 0;
  let kept = 0;
  const seen = new Set<string>();
  for (;;) {
    const { Messages } = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: 60,
      }),
    );
    const fresh = (Messages ?? []).filter((message) => !seen.has(message.MessageId ?? ''));
    if (!fresh.length) return { reput, kept };
    for (const message of fresh) {
      seen.add(message.MessageId ?? '');
      const event = originalEventOf(message.Body ?? '');
      if (!event) {
        kept += 1; // e.g. a scheduled run: the next run covers it; delete it by hand once read
        continue;
      }
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
      if (result.FailedEntryCount) {
        kept += 1;
        continue;
      }
      await clients.sqs.send(
        new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }),
      );
      reput += 1;
    }
  }
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
