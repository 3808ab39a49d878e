import type { Network } from '../../config/client-config.ts';
import { type DomainEvent, domainEvent } from '../../events/catalog.ts';
import type {
  HistoryEntry,
  NetworkOutcome,
  NetworkState,
  Publication,
  PublicationState,
} from './publication.ts';

/**
 * The publication lifecycle as two transition tables: the publication's own state (draft → in
 * review → approved, or cancelled) and, once approved, each network's (pending → scheduled →
 * publishing → published | failed | outcome unknown, or cancelled). Anything not in a table is
 * refused with a reason. Every accepted transition is one history entry, and one or more events.
 */
export type PublicationAction = 'submit' | 'approve' | 'reject' | 'expire' | 'reopen' | 'cancel';

export const PUBLICATION_TRANSITIONS: Record<
  PublicationState,
  Partial<Record<PublicationAction, PublicationState>>
> = {
  draft: { submit: 'in_review', approve: 'approved', cancel: 'cancelled' },
  in_review: {
    approve: 'approved',
    reject: 'draft',
    expire: 'draft',
    reopen: 'in_review',
    cancel: 'cancelled',
  },
  // Edited after approval, when approval is required: reviewed again.
  approved: { reopen: 'in_review', cancel: 'cancelled' },
  cancelled: {},
};

export type NetworkAction =
  | 'schedule'
  | 'unschedule'
  | 'start'
  | 'succeed'
  | 'fail'
  | 'lose'
  | 'defer'
  | 'cancel';

export const NETWORK_TRANSITIONS: Record<NetworkState, Partial<Record<NetworkAction, NetworkState>>> = {
  // A tool may report an outcome for a post Vigie never scheduled itself (it published it).
  pending: { schedule: 'scheduled', succeed: 'published', fail: 'failed', cancel: 'cancelled' },
  scheduled: {
    schedule: 'scheduled',
    unschedule: 'pending',
    start: 'publishing',
    succeed: 'published',
    fail: 'failed',
    cancel: 'cancelled',
  },
  // `defer`: a long retry-after, rescheduled for later. No cancel while the request is in flight.
  publishing: { succeed: 'published', fail: 'failed', lose: 'outcome_unknown', defer: 'scheduled' },
  // Sent again only after the network said it does not have the post (`start` after verify).
  outcome_unknown: { start: 'publishing', succeed: 'published', fail: 'failed', defer: 'scheduled' },
  // The team may try again; a tool may report later that it went out after all.
  failed: { schedule: 'scheduled', succeed: 'published' },
  published: {},
  cancelled: {},
};

export interface TransitionContext {
  at: string;
  actor: string;
  via: string;
  note?: string;
  /** The client configuration's `publishing.requireApproval`. */
  requireApproval: boolean;
}

export type Transition =
  | { ok: true; publication: Publication; history: HistoryEntry[] }
  | { ok: false; reason: string };

/** May this publication go out now? With required approval, only after a person approved it. */
export function mayPublish(publication: Publication, requireApproval: boolean): boolean {
  if (publication.state !== 'approved' || !publication.approval) return false;
  return !requireApproval || !publication.approval.automatic;
}

function entry(context: TransitionContext, fields: Partial<HistoryEntry>): HistoryEntry {
  return {
    at: context.at,
    actor: context.actor,
    via: context.via,
    ...(context.note ? { note: context.note } : {}),
    ...fields,
  };
}

/** Applies a network transition; `patch` sets outcome fields (time, external id, error…) with it. */
export function applyNetworkAction(
  publication: Publication,
  network: Network,
  action: NetworkAction,
  context: TransitionContext,
  patch: Partial<Omit<NetworkOutcome, 'state'>> = {},
): Transition {
  const outcome = publication.outcomes[network];
  if (!outcome) return { ok: false, reason: `${network} is not one of this publication's networks` };
  const to = NETWORK_TRANSITIONS[outcome.state][action];
  if (!to) return { ok: false, reason: `cannot ${action} on ${network}: it is ${outcome.state}` };
  if ((action === 'schedule' || action === 'start') && !mayPublish(publication, context.requireApproval)) {
    return {
      ok: false,
      reason:
        publication.state === 'approved'
          ? `cannot ${action} on ${network}: approval is required and it was approved automatically`
          : `cannot ${action} on ${network}: the publication is ${publication.state}, not approved`,
    };
  }
  if (action === 'schedule' && !(patch.scheduledFor ?? outcome.scheduledFor)) {
    return { ok: false, reason: `cannot schedule ${network}: no time` };
  }
  const next: Publication = {
    ...publication,
    outcomes: { ...publication.outcomes, [network]: { ...outcome, ...patch, state: to } },
    updatedAt: context.at,
  };
  return {
    ok: true,
    publication: next,
    history: [
      entry(context, {
        network,
        from: outcome.state,
        to,
        ...(patch.lastError && !context.note ? { note: patch.lastError } : {}),
      }),
    ],
  };
}

/** Applies a publication transition, with what it implies for the networks (and the approval record). */
export function applyPublicationAction(
  publication: Publication,
  action: PublicationAction,
  context: TransitionContext,
  review?: Publication['review'],
): Transition {
  const to = PUBLICATION_TRANSITIONS[publication.state][action];
  if (!to) return { ok: false, reason: `cannot ${action}: the publication is ${publication.state}` };
  const automatic = action === 'approve' && publication.state === 'draft';
  if (automatic && context.requireApproval) {
    return { ok: false, reason: 'cannot approve a draft: approval is required, submit it for review first' };
  }
  if (action === 'submit' || action === 'reopen') {
    if (!review) return { ok: false, reason: `cannot ${action}: no reviewers to ask` };
  }
  const networks = Object.entries(publication.outcomes) as [Network, NetworkOutcome][];
  if (action === 'cancel') {
    if (networks.some(([, outcome]) => outcome.state === 'publishing')) {
      return { ok: false, reason: 'cannot cancel: it is being published right now' };
    }
    if (networks.every(([, outcome]) => ['published', 'failed', 'cancelled'].includes(outcome.state))) {
      return { ok: false, reason: 'cannot cancel: every network is already done' };
    }
  }
  let next: Publication = { ...publication, state: to, updatedAt: context.at };
  const history: HistoryEntry[] = [entry(context, { from: publication.state, to })];
  switch (action) {
    case 'approve':
      next.approval = { by: context.actor, at: context.at, via: context.via, automatic };
      next.review = undefined;
      break;
    case 'submit':
    case 'reopen':
      next.review = review;
      next.approval = undefined;
      break;
    case 'reject':
    case 'expire':
      next.review = undefined;
      break;
    case 'cancel':
      next.review = undefined;
      break;
  }
  // Leaving "approved" (or cancelling) takes back what was scheduled.
  const networkAction: NetworkAction | undefined =
    action === 'cancel' ? 'cancel' : action === 'reopen' ? 'unschedule' : undefined;
  if (networkAction) {
    for (const [network, outcome] of networks) {
      if (!NETWORK_TRANSITIONS[outcome.state][networkAction]) continue;
      const applied = applyNetworkAction(next, network, networkAction, context);
      if (applied.ok) {
        next = applied.publication;
        history.push(...applied.history);
      }
    }
  }
  return { ok: true, publication: next, history };
}

/** Schedules every pending network that has a time (after approval). */
export function scheduleAll(publication: Publication, context: TransitionContext): Transition {
  let next = publication;
  const history: HistoryEntry[] = [];
  for (const [network, outcome] of Object.entries(publication.outcomes) as [Network, NetworkOutcome][]) {
    if (outcome.state !== 'pending' || !outcome.scheduledFor) continue;
    const applied = applyNetworkAction(next, network, 'schedule', context);
    if (!applied.ok) return applied;
    next = applied.publication;
    history.push(...applied.history);
  }
  return { ok: true, publication: next, history };
}

/** The events of a set of history entries: a state change each, and the specific ones. */
export function eventsOf(publication: Publication, history: readonly HistoryEntry[]): DomainEvent[] {
  const found: DomainEvent[] = [];
  for (const item of history) {
    if (!item.to) continue;
    found.push(
      domainEvent('publicationStateChanged', {
        publicationId: publication.publicationId,
        ...(item.network ? { network: item.network } : {}),
        ...(item.from ? { from: item.from } : {}),
        to: item.to,
        actor: item.actor,
        via: item.via,
        at: item.at,
        ...(item.note ? { note: item.note } : {}),
      }),
    );
    const outcome = item.network ? publication.outcomes[item.network] : undefined;
    if (!item.network || !outcome) continue;
    const ref = { publicationId: publication.publicationId, network: item.network, at: item.at };
    if (item.to === 'scheduled' && outcome.scheduledFor) {
      found.push(domainEvent('publicationScheduled', { ...ref, scheduledFor: outcome.scheduledFor }));
    } else if (item.to === 'published' && outcome.externalId) {
      found.push(
        domainEvent('publicationPublished', {
          ...ref,
          // When the post went out (a tool reports it after the fact), not when Vigie heard of it.
          at: outcome.publishedAt ?? item.at,
          externalId: outcome.externalId,
          ...(outcome.permalink ? { permalink: outcome.permalink } : {}),
          // linkPosts files the post's metrics under these (a scheduling tool's report lacks them).
          ...(publication.pillar ? { pillar: publication.pillar } : {}),
          ...(publication.campaign ? { campaign: publication.campaign } : {}),
        }),
      );
    } else if (item.to === 'failed') {
      found.push(
        domainEvent('publicationFailed', {
          ...ref,
          reason: outcome.lastError ?? item.note ?? 'failed',
          attempts: Math.max(outcome.attempts, 1),
        }),
      );
    }
  }
  return found;
}
