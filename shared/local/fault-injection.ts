import type { PutEventsCommand, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EventPublisher } from '../adapters/event-publisher.ts';
import type { Mailer, OutgoingEmail } from '../adapters/mailer.ts';
import type { MentionStore } from '../adapters/mention-store.ts';
import { type DomainEvent, type EventName, events } from '../events/catalog.ts';

/**
 * The failure-injection layer of the local stack, driven by the fault tests and the soak benchmark:
 * each injector wraps a real adapter (or the SDK client's middleware stack) and fails on a schedule,
 * with the errors the AWS services return, so the code under test takes its real failure paths.
 */

/** Decides, call by call (0-based index of the call seen by the injector), whether to fail it. */
export type FaultSchedule = (index: number) => boolean;

/** A seeded pseudo-random share of the calls (mulberry32): the same seed fails the same calls. */
export function randomShare(share: number, seed: number): FaultSchedule {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296 < share;
  };
}

/** An error shaped like the SDK's service exceptions, so its retry strategy classifies it the same way. */
export function serviceError(name: string, httpStatusCode: number, message = name): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode, attempts: 1, totalRetryDelay: 0 },
  });
}

export const dynamoErrors = {
  throttled: () =>
    serviceError(
      'ProvisionedThroughputExceededException',
      400,
      'The level of configured provisioned throughput for the table was exceeded (injected)',
    ),
  internal: () => serviceError('InternalServerError', 500, 'Internal server error (injected)'),
} as const;

export interface InjectedFaults {
  /** Calls the injector saw, and those it failed. */
  readonly calls: number;
  readonly injected: number;
  remove(): void;
}

/**
 * DynamoDB faults below the SDK's retry middleware (a `deserialize` step middleware): the SDK retries
 * a throttled or 500 call as it would in AWS, and only what still fails reaches the adapter.
 */
export function injectDynamoFaults(
  client: DynamoDBDocumentClient,
  schedule: FaultSchedule,
  error: () => Error = dynamoErrors.throttled,
): InjectedFaults {
  const name = `vigieFaults${Math.random().toString(36).slice(2)}`;
  const state = { calls: 0, injected: 0 };
  client.middlewareStack.add(
    (next) => async (args) => {
      const index = state.calls++;
      if (schedule(index)) {
        state.injected++;
        throw error();
      }
      return next(args);
    },
    { step: 'deserialize', name },
  );
  return {
    get calls() {
      return state.calls;
    },
    get injected() {
      return state.injected;
    },
    remove: () => client.middlewareStack.remove(name),
  };
}

/**
 * An EventBridge client stand-in for `EventBridgePublisher`: PutEvents answers with `FailedEntryCount`
 * for the entries the schedule picks (as the service does under throttling), and puts the others on
 * the local bus. Entry by entry, so a partial failure is partial.
 */
export class FlakyEventBridge {
  private entriesSeen = 0;
  injected = 0;

  constructor(
    private readonly bus: EventPublisher,
    private readonly schedule: FaultSchedule,
  ) {}

  async send(
    command: PutEventsCommand,
  ): Promise<{ FailedEntryCount: number; Entries: PutEventsResultEntry[] }> {
    const results: PutEventsResultEntry[] = [];
    const accepted: DomainEvent[] = [];
    for (const entry of command.input.Entries ?? []) {
      if (this.schedule(this.entriesSeen++)) {
        this.injected++;
        results.push({ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded (injected)' });
        continue;
      }
      const name = (Object.keys(events) as EventName[]).find(
        (candidate) => events[candidate].detailType === entry.DetailType,
      );
      if (!name) throw new Error(`no contract for ${entry.DetailType}`);
      accepted.push({ name, detail: JSON.parse(entry.Detail ?? '{}') } as DomainEvent);
      results.push({ EventId: `local-${this.entriesSeen}` });
    }
    await this.bus.publish(accepted);
    return { FailedEntryCount: results.filter((result) => result.ErrorCode).length, Entries: results };
  }
}

/** A mailer that fails like SES (throttled, or the service unreachable) on the schedule's calls. */
export class FlakyMailer implements Mailer {
  private calls = 0;
  injected = 0;

  constructor(
    private readonly inner: Mailer,
    private readonly schedule: FaultSchedule,
  ) {}

  async send(email: OutgoingEmail): Promise<void> {
    if (this.schedule(this.calls++)) {
      this.injected++;
      throw serviceError('TooManyRequestsException', 429, 'Maximum sending rate exceeded (injected)');
    }
    await this.inner.send(email);
  }
}

/**
 * A mention store whose process "dies" in the middle of a batch: from the scheduled save on, the
 * batch's saves and its counter write fail, so the invocation fails after storing part of the batch
 * and SQS redelivers all of it. `onCrash` runs before the failure (tests advance the clock by the
 * queue's visibility timeout there: SQS redelivers no sooner).
 */
export function crashingMentionStore(
  inner: MentionStore,
  schedule: FaultSchedule,
  onCrash: () => void = () => undefined,
): MentionStore & { readonly crashes: number } {
  let saves = 0;
  let crashes = 0;
  const crashedBatches = new Set<string>();
  return {
    get crashes() {
      return crashes;
    },
    page: (query) => inner.page(query),
    countsBetween: (from, to) => inner.countsBetween(from, to),
    mentionsBetween: (from, to, filter) => inner.mentionsBetween(from, to, filter),
    async save(mention, batchId) {
      if (crashedBatches.has(batchId)) throw new Error('process crashed (injected)');
      if (schedule(saves++)) {
        crashes++;
        crashedBatches.add(batchId);
        throw new Error('process crashed (injected)');
      }
      return inner.save(mention, batchId);
    },
    async addCounts(deltas, batchId) {
      if (crashedBatches.has(batchId)) {
        onCrash();
        throw new Error('process crashed (injected) before counting its batch');
      }
      return inner.addCounts(deltas, batchId);
    },
  };
}
