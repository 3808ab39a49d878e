import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { type DomainEvent, events } from '../events/catalog.ts';
import { currentCorrelationId, traced } from '../runtime/observability.ts';

/** Port: puts domain events on the bus. Resolves only when every event is accepted. */
export interface EventPublisher {
  publish(domainEvents: readonly DomainEvent[]): Promise<void>;
}

export class EventsNotPublishedError extends Error {
  constructor(readonly failures: { detailType: string; errorCode?: string; errorMessage?: string }[]) {
    super(
      `${failures.length} event(s) not accepted by the bus: ${failures.map((f) => f.errorCode).join(', ')}`,
    );
    this.name = 'EventsNotPublishedError';
  }
}

const MAX_ENTRIES_PER_CALL = 10;

/**
 * Validates a domain event against its contract and turns it into a PutEvents entry. The correlation
 * id of the invocation that publishes it rides along in the detail (`correlationId`, outside the
 * contract: consumers' schemas strip it), so each hop logs the id the webhook was received with.
 */
export function toBusEntry(event: DomainEvent, busName: string): PutEventsRequestEntry {
  const contract = events[event.name];
  const correlationId = currentCorrelationId();
  const detail = contract.schema.parse(event.detail) as Record<string, unknown>;
  return {
    EventBusName: busName,
    Source: contract.source,
    DetailType: contract.detailType,
    Detail: JSON.stringify(correlationId ? { ...detail, correlationId } : detail),
  };
}

/**
 * EventBridge adapter: batches of at most 10 entries; entries reported in `FailedEntryCount` are
 * retried with backoff, and any still failing make `publish` throw (the caller must not acknowledge).
 */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
    private readonly options: { attempts: number; baseDelayMs: number } = { attempts: 4, baseDelayMs: 50 },
  ) {}

  async publish(domainEvents: readonly DomainEvent[]): Promise<void> {
    const entries = domainEvents.map((event) => toBusEntry(event, this.busName));
    for (let start = 0; start < entries.length; start += MAX_ENTRIES_PER_CALL) {
      await this.putWithRetries(entries.slice(start, start + MAX_ENTRIES_PER_CALL));
    }
  }

  private async putWithRetries(batch: PutEventsRequestEntry[]): Promise<void> {
    let pending = batch;
    for (let attempt = 1; ; attempt++) {
      const result = await this.client.send(new PutEventsCommand({ Entries: pending }));
      if (!result.FailedEntryCount) return;
      const results = result.Entries ?? [];
      const failed = pending
        .map((entry, index) => ({ entry, result: results[index] }))
        .filter(({ result }) => result?.ErrorCode !== undefined || result?.EventId === undefined);
      if (attempt >= this.options.attempts) {
        throw new EventsNotPublishedError(
          failed.map(({ entry, result }) => ({
            detailType: entry.DetailType ?? '',
            errorCode: result?.ErrorCode,
            errorMessage: result?.ErrorMessage,
          })),
        );
      }
      pending = failed.map(({ entry }) => entry);
      const backoff = this.options.baseDelayMs * 2 ** (attempt - 1);
      await new Promise((resolve) => setTimeout(resolve, backoff / 2 + Math.random() * backoff));
    }
  }
}

export function eventBridgePublisher(busName: string): EventBridgePublisher {
  return new EventBridgePublisher(traced(new EventBridgeClient({})), busName);
}
