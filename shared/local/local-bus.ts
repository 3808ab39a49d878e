import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type EventPublisher, toBusEntry } from '../adapters/event-publisher.ts';
import type { DomainEvent } from '../events/catalog.ts';
import {
  deliveryPolicy,
  eventPatternOf,
  type FunctionSpec,
  type QueueName,
  queueBatchingOf,
} from '../events/routing.ts';
import type { Clock } from './clock.ts';
import type { DeadLetters } from './dead-letters.ts';
import { localContext } from './lambda-context.ts';

export type LocalHandler = (event: never, context: ReturnType<typeof localContext>) => Promise<unknown>;

export interface LocalConsumer {
  spec: FunctionSpec;
  handler: LocalHandler;
}

type BusEvent = EventBridgeEvent<string, unknown>;

/** EventBridge pattern matching for the patterns Vigie declares: fields matched against lists of values. */
export function matchesPattern(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([field, expected]) => {
    const actual = event[field];
    if (Array.isArray(expected)) return expected.includes(actual);
    if (expected && typeof expected === 'object') {
      return (
        actual !== null &&
        typeof actual === 'object' &&
        matchesPattern(expected as Record<string, unknown>, actual as Record<string, unknown>)
      );
    }
    return false;
  });
}

interface QueuedRecord {
  record: SQSRecord;
  receiveCount: number;
}

interface Route {
  consumer: LocalConsumer;
  /** The rule's pattern; none for a `queue` trigger (filled by other functions, not by the bus). */
  pattern?: Record<string, unknown>;
  /** Events waiting for a direct (asynchronous) invoke. */
  direct: { event: BusEvent; attempts: number }[];
  /** The SQS buffer of a queue-delivered consumer. */
  buffer: QueuedRecord[];
}

export interface LocalBusOptions {
  clock: Clock;
  deadLetters: DeadLetters;
  /** `vigie start`: deliver right after each publish. Replay drains explicitly, to batch like SQS does. */
  deliverImmediately: boolean;
  onDelivery?: (functionId: string, events: number, failed: number) => void;
}

/**
 * The in-process stand-in of the EventBridge bus, of the SQS buffers behind it and of the queues
 * functions send to (`queue` triggers). It routes by the same table as the CDK rules, retries like
 * the services (asynchronous invoke retries, queue redelivery up to maxReceiveCount) and puts what
 * still fails in the dead letters.
 */
export class LocalEventBus implements EventPublisher {
  private readonly routes: Route[];
  private draining: Promise<void> | undefined;
  published = 0;

  constructor(
    consumers: readonly LocalConsumer[],
    private readonly options: LocalBusOptions,
  ) {
    this.routes = consumers.flatMap((consumer) => {
      const pattern = eventPatternOf(consumer.spec);
      return pattern || consumer.spec.trigger.kind === 'queue'
        ? [{ consumer, pattern, direct: [], buffer: [] }]
        : [];
    });
  }

  /** SendMessage to the queue of a `queue` trigger: delivered in batches, like the bus's buffers. */
  async sendMessage(queue: QueueName, body: string): Promise<void> {
    const route = this.routes.find(
      ({ consumer: { spec } }) => spec.trigger.kind === 'queue' && spec.trigger.queue === queue,
    );
    if (!route) throw new Error(`no function drains the ${queue} queue`);
    route.buffer.push({ record: sqsRecord(body, this.options.clock.now(), 'local'), receiveCount: 0 });
    await this.afterSend();
  }

  async publish(domainEvents: readonly DomainEvent[]): Promise<void> {
    for (const domainEvent of domainEvents) {
      const entry = toBusEntry(domainEvent, 'local'); // validates the detail against its contract
      const event: BusEvent = {
        version: '0',
        id: randomUUID(),
        'detail-type': entry.DetailType!,
        source: entry.Source!,
        account: '000000000000',
        time: this.options.clock.now().toISOString(),
        region: 'local',
        resources: [],
        detail: JSON.parse(entry.Detail!),
      };
      this.published += 1;
      for (const route of this.routes) {
        if (!route.pattern || !matchesPattern(route.pattern, event as unknown as Record<string, unknown>))
          continue;
        this.enqueue(route, event);
      }
    }
    await this.afterSend();
  }

  private async afterSend(): Promise<void> {
    if (this.options.deliverImmediately) {
      void this.drain();
    } else {
      await this.flushFullBatches();
    }
  }

  private enqueue(route: Route, event: BusEvent): void {
    if (queueBatchingOf(route.consumer.spec)) {
      route.buffer.push({ record: sqsRecord(JSON.stringify(event), new Date(event.time)), receiveCount: 0 });
    } else {
      route.direct.push({ event, attempts: 0 });
    }
  }

  /**
   * Queues an event (already on the bus once) for one function only, as an SQS redrive moves a DLQ's
   * messages back to its source: `vigie redrive`, and tests that hand a consumer a raw event.
   */
  deliverTo(functionId: string, event: BusEvent): void {
    const route = this.routes.find((candidate) => candidate.consumer.spec.id === functionId);
    if (!route?.pattern) throw new Error(`${functionId} is not triggered by bus events`);
    this.enqueue(route, event);
  }

  /** A dead-lettered message back to its `queue` trigger's queue, as an SQS redrive does (`vigie redrive`). */
  redriveMessage(functionId: string, body: string): void {
    const route = this.routes.find((candidate) => candidate.consumer.spec.id === functionId);
    if (route?.consumer.spec.trigger.kind !== 'queue') throw new Error(`${functionId} is not fed by a queue`);
    route.buffer.push({ record: sqsRecord(body, this.options.clock.now(), 'local'), receiveCount: 0 });
  }

  /** Delivers everything pending, including follow-up events, until the bus is idle. */
  drain(): Promise<void> {
    this.draining ??= this.deliverAll().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  get pending(): number {
    return this.routes.reduce((sum, route) => sum + route.direct.length + route.buffer.length, 0);
  }

  private async deliverAll(): Promise<void> {
    while (this.pending > 0) {
      for (const route of this.routes) {
        while (route.direct.length) await this.invokeDirect(route, route.direct.shift()!);
        while (route.buffer.length) await this.invokeBatch(route);
      }
    }
  }

  private async flushFullBatches(): Promise<void> {
    for (const route of this.routes) {
      const batching = queueBatchingOf(route.consumer.spec);
      if (batching && route.buffer.length >= batching.batchSize) await this.invokeBatch(route);
    }
  }

  private async invokeDirect(route: Route, pending: { event: BusEvent; attempts: number }): Promise<void> {
    const { spec, handler } = route.consumer;
    try {
      await handler(pending.event as never, localContext(spec.id, spec.timeoutSeconds));
      this.options.onDelivery?.(spec.id, 1, 0);
    } catch (error) {
      pending.attempts += 1;
      this.options.onDelivery?.(spec.id, 1, 1);
      if (pending.attempts <= deliveryPolicy.asyncInvokeRetryAttempts) {
        route.direct.push(pending);
        return;
      }
      await this.options.deadLetters.add({
        functionId: spec.id,
        reason: (error as Error).message,
        attempts: pending.attempts,
        event: pending.event,
        at: this.options.clock.now().toISOString(),
      });
    }
  }

  private async invokeBatch(route: Route): Promise<void> {
    const { spec, handler } = route.consumer;
    const batchSize = queueBatchingOf(spec)?.batchSize ?? 10;
    const batch = route.buffer.splice(0, batchSize);
    for (const queued of batch) {
      queued.receiveCount += 1;
      queued.record.attributes.ApproximateReceiveCount = String(queued.receiveCount);
    }
    let failedIds: Set<string>;
    let reason = 'reported as a batch item failure: the function logged why, with its messageId';
    try {
      const event: SQSEvent = { Records: batch.map((queued) => queued.record) };
      const response = (await handler(event as never, localContext(spec.id, spec.timeoutSeconds))) as
        | SQSBatchResponse
        | undefined;
      failedIds = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
    } catch (error) {
      failedIds = new Set(batch.map((queued) => queued.record.messageId));
      reason = (error as Error).message;
    }
    this.options.onDelivery?.(spec.id, batch.length, failedIds.size);
    for (const queued of batch) {
      if (!failedIds.has(queued.record.messageId)) continue;
      if (queued.receiveCount < deliveryPolicy.queueMaxReceiveCount) {
        route.buffer.push(queued);
        continue;
      }
      await this.options.deadLetters.add({
        functionId: spec.id,
        reason,
        messageId: queued.record.messageId,
        attempts: queued.receiveCount,
        event: JSON.parse(queued.record.body),
        at: this.options.clock.now().toISOString(),
      });
    }
  }
}

/** An SQS record as the event source mapping hands it over; sent by the bus's rules unless `sender` says. */
function sqsRecord(body: string, sentAt: Date, sender = 'events.amazonaws.com'): SQSRecord {
  return {
    messageId: randomUUID(),
    receiptHandle: 'local',
    body,
    attributes: {
      ApproximateReceiveCount: '0',
      SentTimestamp: String(sentAt.getTime()),
      SenderId: sender,
      ApproximateFirstReceiveTimestamp: String(sentAt.getTime()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:000000000000:local',
    awsRegion: 'local',
  };
}
