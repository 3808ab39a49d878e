import { createHash } from 'node:crypto';
import type { Network } from '../../config/client-config.ts';
import type { CounterName, DomainEvent } from '../../events/catalog.ts';
import type { HistoryEntry, NetworkState, Publication, PublicationState } from './publication.ts';

/**
 * The ports the publication queue works through. DynamoDB and EventBridge Scheduler implement
 * them in AWS (shared/adapters/), dynalite and the local scheduler on the local stack.
 */
export interface PublicationStore {
  get(publicationId: string): Promise<Publication | undefined>;
  /**
   * Writes a new publication (version 1) with its first history entries; 'exists' if the id is
   * taken. Like `save`, the change is written unfinished, with the events it is to publish.
   */
  create(
    publication: Publication,
    history: readonly HistoryEntry[],
    events: readonly DomainEvent[],
  ): Promise<'created' | 'exists'>;
  /**
   * Writes `publication` as version `expectedVersion + 1`, only if the stored one is still
   * `expectedVersion` (else `VersionConflictError`), with the history entries of the change. The
   * change is written unfinished, with the events it is to publish, in the same write: until
   * `changeFinished`, a crash or a refused call between saving and its effects (schedules, events)
   * is found and finished again (`read`, `unfinishedChanges`).
   */
  save(
    publication: Publication,
    history: readonly HistoryEntry[],
    expectedVersion: number,
    events: readonly DomainEvent[],
  ): Promise<Publication>;
  /** The publication, and its last change if that one is not known to be finished. */
  read(publicationId: string): Promise<StoredPublication | undefined>;
  /** The effects of this version's change all happened. */
  changeFinished(publicationId: string, version: number): Promise<void>;
  /** Changes written before `before` and not known to be finished, oldest first. */
  unfinishedChanges(before: string): Promise<{ publicationId: string; version: number }[]>;
  history(publicationId: string): Promise<HistoryEntry[]>;
  /** What is on the calendar on these local days (one entry per publication and network). */
  calendarDays(days: readonly string[]): Promise<CalendarEntry[]>;
  /** Publications with a network due in [from, to), each once, as currently stored. */
  between(from: string, to: string): Promise<Publication[]>;
  /** The publication a scheduling tool's post id belongs to. */
  findByToolPost(tool: string, toolPostId: string): Promise<string | undefined>;
  /** A network post's latest lifetime counters (written by the metrics capability), for best times. */
  latestCounters(network: Network, postId: string): Promise<Partial<Record<CounterName, number>> | undefined>;
  /** Binds an idempotency key to a publication id once; returns the id it is bound to. */
  claimIdempotencyKey(key: string, publicationId: string): Promise<string>;
}

export interface StoredPublication {
  publication: Publication;
  /**
   * Present while the effects of the last change may not all have happened: the events it was
   * to publish (published again when it is finished: at least once).
   */
  unfinished?: { events: DomainEvent[] };
}

export interface CalendarEntry {
  publicationId: string;
  network: Network;
  scheduledFor: string;
  /** Fingerprint of the network's text (duplicate detection). */
  fingerprint: string;
  /** The network's and the publication's states when the item was written. */
  state: NetworkState;
  publicationState: PublicationState;
}

export class VersionConflictError extends Error {
  constructor(readonly publicationId: string) {
    super(`publication ${publicationId} changed meanwhile`);
    this.name = 'VersionConflictError';
  }
}

/** What a one-time schedule does when it fires: the publish function's input. */
export type ScheduledAction =
  /**
   * `followUp`: set by the publish function for its own follow-ups (a deferred retry, a
   * verification): a schedule of its own name, never the one being run (deleted after it fires).
   */
  | { kind: 'publish'; publicationId: string; network: Network; followUp?: number }
  | { kind: 'review-reminder'; publicationId: string; version: number }
  | { kind: 'review-expiry'; publicationId: string; version: number };

/** Port: one-time schedules (EventBridge Scheduler in AWS, the local scheduler locally). */
export interface PublicationScheduler {
  /** Creates the schedule, or moves it if it exists. */
  upsert(action: ScheduledAction, at: Date): Promise<void>;
  /** Deletes it; a schedule that is gone already is fine. */
  remove(action: ScheduledAction): Promise<void>;
}

/** Port: the bus (EventBridgePublisher in AWS, the local bus). */
export interface EventSink {
  publish(events: readonly DomainEvent[]): Promise<void>;
}

/**
 * The schedule's name: one per publication and network (publish) or per publication (review).
 * Scheduler names allow 64 characters of [0-9A-Za-z-_.], publication ids more, hence a hash.
 */
export function scheduleNameOf(action: ScheduledAction): string {
  const id = createHash('sha256').update(action.publicationId).digest('hex').slice(0, 24);
  switch (action.kind) {
    case 'publish':
      return `pub-${id}-${action.network}${action.followUp ? `-f${action.followUp}` : ''}`;
    case 'review-reminder':
      return `rev-${id}-reminder`;
    case 'review-expiry':
      return `rev-${id}-expiry`;
  }
}
