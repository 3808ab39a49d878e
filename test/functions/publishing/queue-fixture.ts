import { DynamoPublicationStore } from '../../../shared/adapters/publication-store.ts';
import { type ClientConfig, loadClientConfig } from '../../../shared/config/client-config.ts';
import type {
  EventSink,
  PublicationScheduler,
  ScheduledAction,
} from '../../../shared/domain/publishing/ports.ts';
import { scheduleNameOf } from '../../../shared/domain/publishing/ports.ts';
import { PublicationQueue } from '../../../shared/domain/publishing/queue.ts';
import type { DomainEvent } from '../../../shared/events/catalog.ts';
import type { LocalDynamo } from '../../../shared/local/dynamo.ts';

/** The scheduler as a map of schedule name → (action, time), to assert on. */
export class RecordingScheduler implements PublicationScheduler {
  readonly schedules = new Map<string, { action: ScheduledAction; at: string }>();
  readonly removed: string[] = [];
  async upsert(action: ScheduledAction, at: Date): Promise<void> {
    this.schedules.set(scheduleNameOf(action), { action, at: at.toISOString() });
  }
  async remove(action: ScheduledAction): Promise<void> {
    this.schedules.delete(scheduleNameOf(action));
    this.removed.push(scheduleNameOf(action));
  }
  of(action: ScheduledAction): string | undefined {
    return this.schedules.get(scheduleNameOf(action))?.at;
  }
}

export class RecordingEvents implements EventSink {
  readonly events: DomainEvent[] = [];
  async publish(events: readonly DomainEvent[]): Promise<void> {
    this.events.push(...events);
  }
  names(): string[] {
    return this.events.map((event) => event.name);
  }
  clear(): void {
    this.events.length = 0;
  }
}

export function exampleConfig(publishing: Partial<ClientConfig['publishing']> = {}): ClientConfig {
  const config = loadClientConfig('clients/example.json');
  return { ...config, publishing: { ...config.publishing, ...publishing } };
}

/** A queue on dynalite with a movable clock. */
export function queueOn(dynamo: LocalDynamo, config: ClientConfig, start: string) {
  const clock = { now: new Date(start) };
  const store = new DynamoPublicationStore(dynamo.table, config.client.timeZone);
  const scheduler = new RecordingScheduler();
  const events = new RecordingEvents();
  let sequence = 0;
  const queue = new PublicationQueue({
    config,
    store,
    scheduler,
    events,
    now: () => clock.now,
    newId: () => `pub-${++sequence}-${Math.random().toString(36).slice(2, 8)}`,
  });
  return { queue, store, scheduler, events, clock };
}
