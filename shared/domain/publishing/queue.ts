import { randomUUID } from 'node:crypto';
import { type ClientConfig, type Network, publishingTimeZone } from '../../config/client-config.ts';
import { type DetailOf, type DomainEvent, domainEvent } from '../../events/catalog.ts';
import {
  applyNetworkAction,
  applyPublicationAction,
  eventsOf,
  scheduleAll,
  type Transition,
  type TransitionContext,
} from './lifecycle.ts';
import { addDays, fromLocal, localDay } from './local-time.ts';
import type { EventSink, PublicationScheduler, PublicationStore, ScheduledAction } from './ports.ts';
import { VersionConflictError } from './ports.ts';
import type { HistoryEntry, NetworkOutcome, Publication, ReviewRequest } from './publication.ts';
import { nextOccurrence } from './recurrence.ts';
import {
  newPublication,
  type PublicationInput,
  type PublicationPatch,
  textFingerprint,
  textFor,
} from './requests.ts';
import { nextFreeSlot } from './slots.ts';

/** Who asks, and from where: kept in every history entry. */
export interface Actor {
  actor: string;
  via: string;
}

export interface Duplicate {
  network: Network;
  duplicateOf: string;
}

export type CreateResult =
  | { kind: 'created'; publication: Publication; duplicates: Duplicate[] }
  | { kind: 'exists'; publication: Publication }
  | { kind: 'duplicate'; duplicates: Duplicate[] }
  | { kind: 'refused'; field: string; reason: string };

export type ChangeResult =
  | { kind: 'changed'; publication: Publication }
  | { kind: 'not-found' }
  | { kind: 'refused'; reason: string; publication: Publication };

export interface PublicationQueueDependencies {
  config: ClientConfig;
  store: PublicationStore;
  scheduler: PublicationScheduler;
  events: EventSink;
  now: () => Date;
  newId?: () => string;
}

/**
 * What every function that drives the queue is given (its handler.ts fills them in AWS, the local
 * stack locally), named as the functions' dependencies name them.
 */
export interface PublicationQueuePorts {
  config: ClientConfig;
  publicationStore: PublicationStore;
  publicationScheduler: PublicationScheduler;
  /** The bus. */
  publisher: EventSink;
  now?: () => Date;
}

/** The queue over a function's ports. */
export function publicationQueueOf(ports: PublicationQueuePorts): PublicationQueue {
  return new PublicationQueue({
    config: ports.config,
    store: ports.publicationStore,
    scheduler: ports.publicationScheduler,
    events: ports.publisher,
    now: () => ports.now?.() ?? new Date(),
  });
}

const SAVE_ATTEMPTS = 5;
const HOUR_MS = 3_600_000;

/**
 * The publication queue: every intake (HTTP API, webhook events, calendar import, approval links,
 * schedules) goes through it. Each change is a lifecycle transition saved with optimistic locking,
 * then its schedules are brought in line and its events published.
 */
export class PublicationQueue {
  private readonly timeZone: string;

  constructor(private readonly deps: PublicationQueueDependencies) {
    this.timeZone = publishingTimeZone(deps.config);
  }

  private context(actor: Actor, note?: string): TransitionContext {
    return {
      at: this.deps.now().toISOString(),
      ...actor,
      ...(note ? { note } : {}),
      requireApproval: this.deps.config.publishing.requireApproval,
    };
  }

  async create(
    input: PublicationInput,
    actor: Actor,
    options: {
      idempotencyKey?: string;
      /** A recurring series' next occurrence: its place in the series, and the approval it keeps. */
      occurrenceOf?: Pick<Publication, 'recurrence' | 'approval'>;
    } = {},
  ): Promise<CreateResult> {
    const now = this.deps.now();
    let publicationId = input.publicationId ?? this.deps.newId?.() ?? randomUUID();
    if (options.idempotencyKey) {
      publicationId = await this.deps.store.claimIdempotencyKey(options.idempotencyKey, publicationId);
    }
    const existing = await this.deps.store.read(publicationId);
    if (existing) {
      // A re-delivered request: whatever the first delivery did not finish is done now.
      if (existing.unfinished) await this.finish(existing.publication, existing.unfinished.events);
      else await this.ensureSchedules(existing.publication);
      return { kind: 'exists', publication: existing.publication };
    }

    const networks = input.networks.filter((network) => this.deps.config.networks.includes(network));
    const unknown = input.networks.find((network) => !networks.includes(network));
    if (unknown)
      return { kind: 'refused', field: 'networks', reason: `${unknown} is not one of the brand's networks` };

    const times = await this.timesFor(input, now);
    if ('reason' in times) return { kind: 'refused', ...times };

    const duplicates = await this.duplicatesOf(input, times);
    const kept = networks.filter((network) => !duplicates.some((d) => d.network === network));
    if (!kept.length) return { kind: 'duplicate', duplicates };

    const context = this.context(actor);
    const { publication, history } = newPublication({ ...input, networks: kept, publicationId }, times, {
      at: context.at,
      ...actor,
      timeZone: this.timeZone,
    });
    if (duplicates.length) publication.duplicates = duplicates;
    const series = options.occurrenceOf;
    if (series?.recurrence) publication.recurrence = series.recurrence;
    const started =
      series?.approval && !series.approval.automatic
        ? this.inheritApproval(publication, series.approval, context)
        : this.startReview(publication, context);
    if (!started.ok) return { kind: 'refused', field: 'publication', reason: started.reason };
    const allHistory = [...history, ...started.history];
    const stored = { ...started.publication, version: 1 };
    const events = this.eventsOfChange(undefined, stored, allHistory);
    if ((await this.deps.store.create(started.publication, allHistory, events)) === 'exists') {
      const raced = await this.deps.store.get(publicationId);
      return { kind: 'exists', publication: raced! };
    }
    await this.afterChange(undefined, stored, events);
    return { kind: 'created', publication: stored, duplicates };
  }

  /** Content or time changed: rescheduled, and reviewed again when approval is required. */
  async update(
    publicationId: string,
    patch: PublicationPatch,
    actor: Actor,
  ): Promise<ChangeResult | CreateResult> {
    const current = await this.deps.store.get(publicationId);
    if (!current) return { kind: 'not-found' };
    if (patch.expectedVersion !== undefined && patch.expectedVersion !== current.version) {
      return {
        kind: 'refused',
        reason: `version ${patch.expectedVersion} is not the current one (${current.version})`,
        publication: current,
      };
    }
    const unknown = patch.networks?.find((network) => !this.deps.config.networks.includes(network));
    if (unknown)
      return { kind: 'refused', field: 'networks', reason: `${unknown} is not one of the brand's networks` };
    const timeNeeded = patch.scheduledFor !== undefined || patch.networks !== undefined;
    const times = timeNeeded
      ? await this.timesFor(
          { ...patch, networks: patch.networks ?? current.networks } as PublicationInput,
          this.deps.now(),
          current,
        )
      : {};
    if ('reason' in times) return { kind: 'refused', ...times };
    return this.change(publicationId, actor, (publication, context) =>
      this.edited(publication, patch, times, context),
    );
  }

  async cancel(publicationId: string, actor: Actor, reason?: string): Promise<ChangeResult> {
    return this.change(publicationId, actor, (publication, context) =>
      applyPublicationAction(publication, 'cancel', { ...context, ...(reason ? { note: reason } : {}) }),
    );
  }

  /** Approval by a reviewer (link) or the team (API); then each network is scheduled. */
  async approve(publicationId: string, actor: Actor, version?: number): Promise<ChangeResult> {
    return this.change(publicationId, actor, (publication, context) => {
      if (version !== undefined && version !== publication.version) {
        return { ok: false, reason: 'the publication changed since this approval was asked for' };
      }
      if (publication.state === 'draft') {
        const submitted = this.startReview(publication, context);
        if (!submitted.ok || submitted.publication.state !== 'in_review') return submitted;
        return chain(
          submitted,
          (next) => applyPublicationAction(next, 'approve', context),
          (next) => scheduleAll(next, context),
        );
      }
      return chain(applyPublicationAction(publication, 'approve', context), (next) =>
        scheduleAll(next, context),
      );
    });
  }

  async reject(
    publicationId: string,
    actor: Actor,
    comment: string,
    version?: number,
  ): Promise<ChangeResult> {
    return this.change(publicationId, actor, (publication, context) => {
      if (version !== undefined && version !== publication.version) {
        return { ok: false, reason: 'the publication changed since this review was asked for' };
      }
      return applyPublicationAction(publication, 'reject', { ...context, note: comment || 'rejected' });
    });
  }

  /** A schedule fired: the approval request lapsed, or a reminder is due. */
  async onReviewSchedule(
    action: Extract<ScheduledAction, { kind: 'review-reminder' | 'review-expiry' }>,
  ): Promise<void> {
    const publication = await this.deps.store.get(action.publicationId);
    if (publication?.state !== 'in_review' || publication.version !== action.version) return;
    const review = publication.review!;
    if (action.kind === 'review-reminder') {
      await this.deps.events.publish([
        domainEvent('publicationReviewRequested', {
          publicationId: publication.publicationId,
          version: publication.version,
          reviewers: review.reviewers,
          expiresAt: review.expiresAt,
          reminder: true,
          at: this.deps.now().toISOString(),
        }),
      ]);
      return;
    }
    await this.change(action.publicationId, { actor: 'vigie', via: 'scheduler' }, (current, context) =>
      current.version === action.version
        ? applyPublicationAction(current, 'expire', {
            ...context,
            note: 'no answer before the approval expired',
          })
        : { ok: false, reason: 'changed since' },
    );
  }

  /** A scheduling tool reports what became of a post: the same publication is updated. */
  async recordReported(detail: DetailOf<'publicationOutcomeReported'>): Promise<ChangeResult> {
    const publicationId =
      detail.publicationId ?? (await this.deps.store.findByToolPost(detail.tool, detail.toolPostId));
    if (!publicationId) return { kind: 'not-found' };
    return this.change(
      publicationId,
      { actor: detail.tool, via: `webhook:${detail.tool}` },
      (publication, context) => {
        const network =
          detail.network ?? (publication.networks.length === 1 ? publication.networks[0] : undefined);
        const linked = linkTool(publication, detail.tool, detail.toolPostId, network);
        if (!network)
          return { ok: false, reason: 'the report names no network and the publication has several' };
        const outcome = publication.outcomes[network];
        if (!outcome) return { ok: false, reason: `${network} is not one of its networks` };
        const at = { ...context, at: detail.at > context.at ? context.at : detail.at };
        if (detail.status === 'published') {
          if (outcome.state === 'published')
            return noteOnly(linked, context, network, 'published (reported again)');
          return applyNetworkAction(linked, network, 'succeed', at, {
            externalId: detail.externalId ?? outcome.externalId ?? detail.toolPostId,
            permalink: detail.permalink ?? outcome.permalink,
            publishedAt: detail.at,
          });
        }
        if (detail.status === 'failed') {
          if (outcome.state === 'failed')
            return noteOnly(linked, context, network, 'failed (reported again)');
          return applyNetworkAction(linked, network, 'fail', at, {
            lastError: detail.reason ?? `${detail.tool}: failed`,
          });
        }
        return noteOnly(linked, context, network, `${detail.tool}: ${detail.status}`);
      },
    );
  }

  /**
   * Loads (finishing first a change left unfinished), applies a transition, saves with optimistic
   * locking (again on a conflict), then brings schedules in line and publishes the events.
   */
  async change(
    publicationId: string,
    actor: Actor,
    transition: (publication: Publication, context: TransitionContext) => Transition,
  ): Promise<ChangeResult> {
    for (let attempt = 1; ; attempt++) {
      const stored = await this.deps.store.read(publicationId);
      if (!stored) return { kind: 'not-found' };
      const current = stored.publication;
      // Its events go out before the new change's: a retried request after a failure repairs it.
      if (stored.unfinished) await this.finish(current, stored.unfinished.events);
      const result = transition(current, this.context(actor));
      if (!result.ok) return { kind: 'refused', reason: result.reason, publication: current };
      try {
        const next = { ...result.publication, version: current.version + 1 };
        const events = this.eventsOfChange(current, next, result.history);
        const saved = await this.deps.store.save(result.publication, result.history, current.version, events);
        await this.afterChange(current, saved, events);
        return { kind: 'changed', publication: saved };
      } catch (error) {
        if (!(error instanceof VersionConflictError) || attempt >= SAVE_ATTEMPTS) throw error;
      }
    }
  }

  /** Each network's time: the requested one, the recurrence's next, or the next free slot. */
  private async timesFor(
    input: Pick<PublicationInput, 'networks' | 'scheduledFor' | 'recurrence'>,
    now: Date,
    current?: Publication,
  ): Promise<Partial<Record<Network, string>> | { field: string; reason: string }> {
    const times: Partial<Record<Network, string>> = {};
    if (input.scheduledFor) {
      const at = new Date(input.scheduledFor);
      if (at.getTime() <= now.getTime()) return { field: 'scheduledFor', reason: 'is in the past' };
      for (const network of input.networks) times[network] = at.toISOString();
      return times;
    }
    if (input.recurrence) {
      const first = nextOccurrence(input.recurrence, this.timeZone, now, { occurrences: 0 });
      if (!first) return { field: 'recurrence', reason: 'the rule has no occurrence ahead' };
      for (const network of input.networks) times[network] = first.toISOString();
      return times;
    }
    for (const network of input.networks) {
      const kept = current?.outcomes[network]?.scheduledFor;
      if (kept && Date.parse(kept) > now.getTime()) {
        times[network] = kept;
        continue;
      }
      const slot = await this.freeSlot(network, now, current?.publicationId);
      if (!slot) {
        return {
          field: 'scheduledFor',
          reason: this.deps.config.publishing.slots[network]
            ? `no free posting slot for ${network} in the next weeks: give a time`
            : `no posting slots configured for ${network}: give a time`,
        };
      }
      times[network] = slot.toISOString();
    }
    return times;
  }

  /** The next free slot, reading the calendar a week at a time. */
  private async freeSlot(network: Network, now: Date, ignore?: string): Promise<Date | undefined> {
    const { slots } = this.deps.config.publishing;
    if (!slots[network]) return undefined;
    const firstDay = localDay(now, this.timeZone);
    for (let week = 0; week < 8; week++) {
      const days = Array.from({ length: 7 }, (_, index) => addDays(firstDay, week * 7 + index));
      const taken = new Set(
        (await this.activeEntries(days))
          .filter((entry) => entry.network === network && entry.publicationId !== ignore)
          .map((entry) => entry.scheduledFor),
      );
      const weekStart = fromLocal({ date: days[0]!, time: '00:00' }, this.timeZone, 'shift')!;
      const after = week === 0 ? now : new Date(weekStart.getTime() - 1);
      const slot = nextFreeSlot(network, after, taken, slots, this.timeZone, 6);
      if (slot) return slot;
    }
    return undefined;
  }

  /** Calendar entries of publications still going out (cancelled and failed ones free their slot). */
  private async activeEntries(days: string[]) {
    // Calendar items carry the states of their last write: no read of each publication. An item
    // left stale by a crash only keeps its slot taken, the safe side.
    const entries = await this.deps.store.calendarDays(days);
    return entries.filter(
      (entry) => entry.publicationState !== 'cancelled' && !['cancelled', 'failed'].includes(entry.state),
    );
  }

  /** Same text, same network, same local day as a publication already queued. */
  private async duplicatesOf(
    input: PublicationInput,
    times: Partial<Record<Network, string>>,
  ): Promise<Duplicate[]> {
    const days = [...new Set(Object.values(times).map((time) => localDay(time!, this.timeZone)))];
    const entries = await this.activeEntries(days);
    const found: Duplicate[] = [];
    for (const network of input.networks) {
      const time = times[network];
      if (!time) continue;
      const day = localDay(time, this.timeZone);
      const fingerprint = textFingerprint(
        textFor({ text: input.text, variants: input.variants ?? {} }, network),
      );
      const same = entries.find(
        (entry) =>
          entry.network === network &&
          entry.fingerprint === fingerprint &&
          entry.publicationId !== input.publicationId &&
          localDay(entry.scheduledFor, this.timeZone) === day,
      );
      if (same) found.push({ network, duplicateOf: same.publicationId });
    }
    return found;
  }

  /** A new publication: into review when approval is required, else approved and scheduled at once. */
  private startReview(publication: Publication, context: TransitionContext): Transition {
    const { requireApproval, reviewers, approvalExpiryHours, reminderHoursBefore } =
      this.deps.config.publishing;
    if (!requireApproval) {
      return chain(
        applyPublicationAction(publication, 'approve', {
          ...context,
          actor: 'vigie',
          note: 'approval not required',
        }),
        (next) => scheduleAll(next, context),
      );
    }
    const firstSlot = Math.min(
      ...Object.values(publication.outcomes).map(
        (outcome) => Date.parse(outcome?.scheduledFor ?? '') || Infinity,
      ),
    );
    const asked = Date.parse(context.at);
    const expiresAt = Math.min(asked + approvalExpiryHours * HOUR_MS, firstSlot);
    // Before the slot, or before the request lapses if that comes first.
    const reminderAt = expiresAt - reminderHoursBefore * HOUR_MS;
    const review: ReviewRequest = {
      requestedAt: context.at,
      expiresAt: new Date(expiresAt).toISOString(),
      reviewers: [...reviewers],
      ...(reminderHoursBefore > 0 && reminderAt > asked && reminderAt < expiresAt
        ? { reminderAt: new Date(reminderAt).toISOString() }
        : {}),
    };
    return applyPublicationAction(
      publication,
      publication.state === 'draft' ? 'submit' : 'reopen',
      context,
      review,
    );
  }

  /** A recurring occurrence keeps the approval of the series (a person approved that content). */
  private inheritApproval(
    publication: Publication,
    approval: NonNullable<Publication['approval']>,
    context: TransitionContext,
  ): Transition {
    const approved: Publication = {
      ...publication,
      state: 'approved',
      approval: { ...approval, via: 'recurrence' },
    };
    return chain(
      {
        ok: true,
        publication: approved,
        history: [
          {
            at: context.at,
            actor: approval.by,
            via: 'recurrence',
            from: 'draft',
            to: 'approved',
            note: 'approval of the series',
          },
        ],
      },
      (next) => scheduleAll(next, context),
    );
  }

  private edited(
    publication: Publication,
    patch: PublicationPatch,
    times: Partial<Record<Network, string>>,
    context: TransitionContext,
  ): Transition {
    if (publication.state === 'cancelled')
      return { ok: false, reason: 'cannot edit: the publication is cancelled' };
    const busy = Object.entries(publication.outcomes).find(([, outcome]) =>
      ['publishing', 'published', 'outcome_unknown'].includes(outcome!.state),
    );
    if (busy) return { ok: false, reason: `cannot edit: it is already ${busy[1]!.state} on ${busy[0]}` };
    const networks = patch.networks ?? publication.networks;
    const outcomes: Partial<Record<Network, NetworkOutcome>> = {};
    for (const network of networks) {
      const before = publication.outcomes[network];
      outcomes[network] = {
        state: before?.state === 'scheduled' || before?.state === 'failed' ? before.state : 'pending',
        attempts: before?.attempts ?? 0,
        scheduledFor: times[network] ?? before?.scheduledFor,
      };
    }
    const contentChanged = ['text', 'variants', 'media', 'links', 'networks'].some((key) => key in patch);
    let next: Publication = {
      ...publication,
      text: patch.text ?? publication.text,
      variants: patch.variants ?? publication.variants,
      media: patch.media ?? publication.media,
      links: patch.links ?? publication.links,
      pillar: patch.pillar ?? publication.pillar,
      campaign: patch.campaign ?? publication.campaign,
      timeZone: patch.timeZone ?? publication.timeZone,
      networks,
      requestedFor: patch.scheduledFor
        ? new Date(patch.scheduledFor).toISOString()
        : publication.requestedFor,
      outcomes,
      updatedAt: context.at,
    };
    const history: HistoryEntry[] = [
      {
        at: context.at,
        actor: context.actor,
        via: context.via,
        note: `edited: ${Object.keys(patch)
          .filter((key) => key !== 'expectedVersion')
          .join(', ')}`,
      },
    ];
    for (const network of publication.networks) {
      if (!networks.includes(network))
        history.push({
          at: context.at,
          actor: context.actor,
          via: context.via,
          network,
          from: publication.outcomes[network]!.state,
          to: 'cancelled',
          note: 'network removed',
        });
    }
    // Approved content that changed goes back to the reviewers; otherwise it is rescheduled.
    if (contentChanged && context.requireApproval && next.state !== 'draft') {
      const reviewed = this.startReview(next, context);
      if (!reviewed.ok) return reviewed;
      return { ok: true, publication: reviewed.publication, history: [...history, ...reviewed.history] };
    }
    if (next.state === 'draft' && contentChanged) {
      // Editing a draft (after a rejection or a lapsed request) submits it again.
      const reviewed = this.startReview(next, context);
      if (!reviewed.ok) return reviewed;
      return { ok: true, publication: reviewed.publication, history: [...history, ...reviewed.history] };
    }
    if (next.state === 'approved') {
      for (const network of networks) {
        const outcome = next.outcomes[network]!;
        if (
          outcome.state === 'pending' ||
          outcome.state === 'failed' ||
          outcome.scheduledFor !== publication.outcomes[network]?.scheduledFor
        ) {
          const applied = applyNetworkAction(next, network, 'schedule', context);
          if (!applied.ok) return applied;
          next = applied.publication;
          history.push(...applied.history);
        }
      }
    }
    return { ok: true, publication: next, history };
  }

  /** Sets (again) the schedules a stored publication needs: idempotent, for re-deliveries. */
  async ensureSchedules(publication: Publication): Promise<void> {
    const { publicationId, version } = publication;
    for (const network of publication.networks) {
      const outcome = publication.outcomes[network];
      if (outcome?.state === 'scheduled' && outcome.scheduledFor) {
        await this.deps.scheduler.upsert(
          { kind: 'publish', publicationId, network },
          new Date(outcome.scheduledFor),
        );
      } else if (outcome?.state === 'outcome_unknown') {
        // Its verification is due: as soon as possible.
        await this.deps.scheduler.upsert({ kind: 'publish', publicationId, network }, this.deps.now());
      }
    }
    if (publication.state === 'in_review' && publication.review) {
      await this.deps.scheduler.upsert(
        { kind: 'review-expiry', publicationId, version },
        new Date(publication.review.expiresAt),
      );
      if (publication.review.reminderAt) {
        await this.deps.scheduler.upsert(
          { kind: 'review-reminder', publicationId, version },
          new Date(publication.review.reminderAt),
        );
      }
    }
  }

  /**
   * Finishes a change saved unfinished (its function crashed, or the scheduler or the bus refused
   * after the save): its schedules are set from the state, its events published, the series' next
   * occurrence queued. Idempotent; events may go out twice (at least once).
   */
  private async finish(publication: Publication, events: readonly DomainEvent[]): Promise<void> {
    await this.ensureSchedules(publication);
    if (events.length) await this.deps.events.publish(events);
    await this.queueNextOccurrence(undefined, publication);
    await this.deps.store.changeFinished(publication.publicationId, publication.version);
  }

  /**
   * The sweep: finishes the changes still unfinished `graceMs` after they were written (long
   * enough for the function that made them to have finished or died). Returns how many.
   */
  async finishUnfinishedChanges(graceMs: number): Promise<number> {
    const before = new Date(this.deps.now().getTime() - graceMs).toISOString();
    let finished = 0;
    for (const { publicationId, version } of await this.deps.store.unfinishedChanges(before)) {
      const stored = await this.deps.store.read(publicationId);
      if (stored?.unfinished) {
        await this.finish(stored.publication, stored.unfinished.events);
        finished += 1;
      } else {
        // Finished already, or its save lost a race and was never written: only the marker is left.
        await this.deps.store.changeFinished(publicationId, version);
      }
    }
    return finished;
  }

  /** The events of a change: one per history entry that changes a state, and the review's. */
  private eventsOfChange(
    before: Publication | undefined,
    after: Publication,
    history: readonly HistoryEntry[],
  ): DomainEvent[] {
    const events: DomainEvent[] = eventsOf(after, history);
    if (after.state === 'in_review' && after.review && after.review !== before?.review) {
      events.push(
        domainEvent('publicationReviewRequested', {
          publicationId: after.publicationId,
          version: after.version,
          reviewers: after.review.reviewers,
          expiresAt: after.review.expiresAt,
          at: after.updatedAt,
        }),
      );
    } else if (before?.state === 'in_review' && after.state !== 'in_review') {
      const rejection = history.find(
        (item) => item.from === 'in_review' && item.to === 'draft' && item.via !== 'scheduler',
      );
      if (rejection) {
        events.push(
          domainEvent('publicationReviewRejected', {
            publicationId: after.publicationId,
            reviewer: rejection.actor,
            comment: rejection.note ?? '',
            at: rejection.at,
          }),
        );
      }
      if (history.some((item) => item.to === 'draft' && item.actor === 'vigie' && item.via === 'scheduler')) {
        events.push(
          domainEvent('publicationReviewExpired', {
            publicationId: after.publicationId,
            reviewers: before.review?.reviewers ?? [],
            at: after.updatedAt,
          }),
        );
      }
    }
    return events;
  }

  /**
   * Schedules follow the states; the change's events are published; the next occurrence of a
   * series follows its end. Then the change is finished.
   */
  private async afterChange(
    before: Publication | undefined,
    after: Publication,
    events: readonly DomainEvent[],
  ): Promise<void> {
    const { scheduler } = this.deps;
    for (const network of new Set([...(before?.networks ?? []), ...after.networks])) {
      const action: ScheduledAction = { kind: 'publish', publicationId: after.publicationId, network };
      const was = before?.outcomes[network];
      const is = after.networks.includes(network) ? after.outcomes[network] : undefined;
      // A send deferred by the publish function is followed up by that function itself.
      const deferred = was?.state === 'publishing' || was?.state === 'outcome_unknown';
      if (is?.state === 'scheduled' && is.scheduledFor && !deferred) {
        if (was?.state !== 'scheduled' || was.scheduledFor !== is.scheduledFor) {
          await scheduler.upsert(action, new Date(is.scheduledFor));
        }
      } else if (
        was?.state === 'scheduled' &&
        (!is ||
          is.state === 'pending' ||
          is.state === 'cancelled' ||
          is.state === 'failed' ||
          is.state === 'published')
      ) {
        await scheduler.remove(action);
      }
    }
    const reviewActions = (publication: Publication): ScheduledAction[] => [
      { kind: 'review-expiry', publicationId: publication.publicationId, version: publication.version },
      { kind: 'review-reminder', publicationId: publication.publicationId, version: publication.version },
    ];
    if (after.state === 'in_review' && after.review && after.review !== before?.review) {
      const [expiry, reminder] = reviewActions(after);
      await scheduler.upsert(expiry!, new Date(after.review.expiresAt));
      if (after.review.reminderAt) await scheduler.upsert(reminder!, new Date(after.review.reminderAt));
      else await scheduler.remove(reminder!);
    } else if (before?.state === 'in_review' && after.state !== 'in_review') {
      for (const action of reviewActions(before)) await scheduler.remove(action);
    }
    if (events.length) await this.deps.events.publish(events);
    await this.queueNextOccurrence(before, after);
    await this.deps.store.changeFinished(after.publicationId, after.version);
  }

  /** When an occurrence of a series is done on every network, the next one is queued. */
  private async queueNextOccurrence(before: Publication | undefined, after: Publication): Promise<void> {
    if (!after.recurrence || after.state === 'cancelled') return;
    const done = (publication: Publication | undefined) =>
      !!publication &&
      Object.values(publication.outcomes).every((outcome) =>
        ['published', 'failed', 'cancelled'].includes(outcome!.state),
      );
    if (!done(after) || done(before)) return;
    const { rule, seriesId, occurrence } = after.recurrence;
    const published = Object.values(after.outcomes)
      .map((outcome) => outcome?.publishedAt)
      .filter((at): at is string => !!at)
      .sort();
    const last = Object.values(after.outcomes)
      .map((outcome) => outcome?.scheduledFor ?? '')
      .sort()
      .at(-1)!;
    const next = nextOccurrence(
      rule,
      this.timeZone,
      new Date(Math.max(Date.parse(last), this.deps.now().getTime())),
      {
        occurrences: occurrence,
        lastPostedAt: published.at(-1),
      },
    );
    if (!next) return;
    await this.create(
      {
        publicationId: `${seriesId}~${occurrence + 1}`,
        text: after.text,
        variants: after.variants,
        media: after.media,
        links: after.links,
        pillar: after.pillar,
        campaign: after.campaign,
        networks: after.networks,
        author: after.author,
        timeZone: after.timeZone,
        scheduledFor: next.toISOString(),
      },
      { actor: 'vigie', via: 'recurrence' },
      {
        occurrenceOf: {
          recurrence: { rule, seriesId, occurrence: occurrence + 1 },
          approval: after.approval,
        },
      },
    );
  }
}

function chain(first: Transition, ...steps: ((publication: Publication) => Transition)[]): Transition {
  let current = first;
  for (const step of steps) {
    if (!current.ok) return current;
    const next = step(current.publication);
    if (!next.ok) return next;
    current = { ok: true, publication: next.publication, history: [...current.history, ...next.history] };
  }
  return current;
}

function noteOnly(
  publication: Publication,
  context: TransitionContext,
  network: Network,
  note: string,
): Transition {
  return {
    ok: true,
    publication: { ...publication, updatedAt: context.at },
    history: [{ at: context.at, actor: context.actor, via: context.via, network, note }],
  };
}

function linkTool(
  publication: Publication,
  tool: string,
  toolPostId: string,
  network?: Network,
): Publication {
  const refs = publication.toolRefs ?? [];
  if (refs.some((ref) => ref.tool === tool && ref.toolPostId === toolPostId)) return publication;
  return { ...publication, toolRefs: [...refs, { tool, toolPostId, ...(network ? { network } : {}) }] };
}
