import { describe, expect, it } from 'vitest';
import type { Network } from '../../../../shared/config/client-config.ts';
import {
  applyNetworkAction,
  applyPublicationAction,
  eventsOf,
  mayPublish,
  NETWORK_TRANSITIONS,
  type NetworkAction,
  PUBLICATION_TRANSITIONS,
  type PublicationAction,
  scheduleAll,
  type TransitionContext,
} from '../../../../shared/domain/publishing/lifecycle.ts';
import type {
  NetworkState,
  Publication,
  PublicationState,
} from '../../../../shared/domain/publishing/publication.ts';

const at = '2026-12-01T09:00:00.000Z';
const review = { requestedAt: at, expiresAt: '2026-12-03T09:00:00.000Z', reviewers: ['r@example.com'] };
const context = (requireApproval = true): TransitionContext => ({
  at,
  actor: 'ana@example.com',
  via: 'api',
  requireApproval,
});

function publication(
  state: PublicationState,
  networkState: NetworkState = 'pending',
  approvedBy?: string,
): Publication {
  return {
    publicationId: 'pub-1',
    text: 'Bonjour',
    variants: {},
    media: [],
    links: [],
    networks: ['instagram', 'x'],
    timeZone: 'Europe/Paris',
    author: 'ana',
    state,
    outcomes: {
      instagram: { state: networkState, scheduledFor: '2026-12-02T11:00:00.000Z', attempts: 0 },
      x: { state: 'pending', scheduledFor: '2026-12-02T11:00:00.000Z', attempts: 0 },
    },
    ...(approvedBy ? { approval: { by: approvedBy, at, via: 'approval-link', automatic: false } } : {}),
    version: 3,
    createdAt: at,
    updatedAt: at,
  };
}

describe('publication transitions', () => {
  const cases: [PublicationState, PublicationAction, PublicationState | 'refused'][] = [
    ['draft', 'submit', 'in_review'],
    ['draft', 'approve', 'refused'], // approval required: a draft is not approved directly
    ['draft', 'reject', 'refused'],
    ['draft', 'cancel', 'cancelled'],
    ['in_review', 'approve', 'approved'],
    ['in_review', 'reject', 'draft'],
    ['in_review', 'expire', 'draft'],
    ['in_review', 'reopen', 'in_review'],
    ['in_review', 'cancel', 'cancelled'],
    ['approved', 'reopen', 'in_review'],
    ['approved', 'approve', 'refused'],
    ['approved', 'cancel', 'cancelled'],
    ['cancelled', 'submit', 'refused'],
    ['cancelled', 'approve', 'refused'],
  ];
  it.each(cases)('%s --%s--> %s', (from, action, expected) => {
    const result = applyPublicationAction(publication(from), action, context(), review);
    if (expected === 'refused') {
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.reason).toMatch(/^cannot /);
      return;
    }
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.publication.state).toBe(expected);
    expect(result.history[0]).toEqual({ at, actor: 'ana@example.com', via: 'api', from, to: expected });
  });

  it('approves a draft automatically only when approval is not required, and says so', () => {
    const result = applyPublicationAction(publication('draft'), 'approve', context(false));
    expect(result.ok && result.publication.approval).toEqual({
      by: 'ana@example.com',
      at,
      via: 'api',
      automatic: true,
    });
    expect(mayPublish(result.ok ? result.publication : publication('draft'), false)).toBe(true);
    // If the client starts requiring approval, an automatic approval is not enough any more.
    expect(mayPublish(result.ok ? result.publication : publication('draft'), true)).toBe(false);
  });

  it('records who approved, from where', () => {
    const result = applyPublicationAction(publication('in_review'), 'approve', {
      ...context(),
      actor: 'r@example.com',
      via: 'approval-link',
    });
    expect(result.ok && result.publication.approval).toEqual({
      by: 'r@example.com',
      at,
      via: 'approval-link',
      automatic: false,
    });
  });

  it('takes back what was scheduled when approved content is reopened, or cancelled', () => {
    const scheduled = publication('approved', 'scheduled', 'r@example.com');
    const reopened = applyPublicationAction(scheduled, 'reopen', context(), review);
    expect(reopened.ok && reopened.publication.outcomes.instagram!.state).toBe('pending');
    expect(
      reopened.ok && reopened.history.map((entry) => `${entry.network ?? '-'}:${entry.from}>${entry.to}`),
    ).toEqual(['-:approved>in_review', 'instagram:scheduled>pending']);
    const cancelled = applyPublicationAction(scheduled, 'cancel', context());
    expect(cancelled.ok && Object.values(cancelled.publication.outcomes).map((o) => o!.state)).toEqual([
      'cancelled',
      'cancelled',
    ]);
  });

  it('refuses to cancel while a network is being published, or when everything is done', () => {
    expect(applyPublicationAction(publication('approved', 'publishing', 'r'), 'cancel', context())).toEqual({
      ok: false,
      reason: 'cannot cancel: it is being published right now',
    });
    const done = publication('approved', 'published', 'r');
    done.outcomes.x!.state = 'failed';
    expect(applyPublicationAction(done, 'cancel', context()).ok).toBe(false);
  });
});

describe('network transitions', () => {
  const approved = (state: NetworkState) => publication('approved', state, 'r@example.com');
  const expectations: [NetworkState, NetworkAction, NetworkState | 'refused'][] = [
    ['pending', 'schedule', 'scheduled'],
    ['pending', 'start', 'refused'],
    ['pending', 'cancel', 'cancelled'],
    ['scheduled', 'schedule', 'scheduled'],
    ['scheduled', 'unschedule', 'pending'],
    ['scheduled', 'start', 'publishing'],
    ['scheduled', 'cancel', 'cancelled'],
    ['publishing', 'succeed', 'published'],
    ['publishing', 'fail', 'failed'],
    ['publishing', 'lose', 'outcome_unknown'],
    ['publishing', 'defer', 'scheduled'],
    ['publishing', 'cancel', 'refused'],
    ['publishing', 'start', 'refused'],
    ['outcome_unknown', 'start', 'publishing'],
    ['outcome_unknown', 'succeed', 'published'],
    ['outcome_unknown', 'fail', 'failed'],
    ['failed', 'schedule', 'scheduled'],
    ['failed', 'succeed', 'published'],
    ['published', 'start', 'refused'],
    ['published', 'fail', 'refused'],
    ['cancelled', 'schedule', 'refused'],
  ];
  it.each(expectations)('%s --%s--> %s', (from, action, expected) => {
    const result = applyNetworkAction(approved(from), 'instagram', action, context());
    if (expected === 'refused') {
      expect(result).toEqual({ ok: false, reason: `cannot ${action} on instagram: it is ${from}` });
      return;
    }
    expect(result.ok && result.publication.outcomes.instagram!.state).toBe(expected);
    expect(result.ok && result.history).toEqual([
      { at, actor: 'ana@example.com', via: 'api', network: 'instagram', from, to: expected },
    ]);
  });

  it('covers every state in the table', () => {
    const states: NetworkState[] = [
      'pending',
      'scheduled',
      'publishing',
      'published',
      'failed',
      'outcome_unknown',
      'cancelled',
    ];
    expect(Object.keys(NETWORK_TRANSITIONS).sort()).toEqual([...states].sort());
    expect(Object.keys(PUBLICATION_TRANSITIONS).sort()).toEqual([
      'approved',
      'cancelled',
      'draft',
      'in_review',
    ]);
  });

  it('never schedules or starts an unapproved publication', () => {
    for (const state of ['draft', 'in_review', 'cancelled'] as const) {
      const unapproved = publication(state, 'scheduled');
      const started = applyNetworkAction(unapproved, 'instagram', 'start', context());
      expect(started).toEqual({
        ok: false,
        reason: `cannot start on instagram: the publication is ${state}, not approved`,
      });
      expect(applyNetworkAction(publication(state), 'instagram', 'schedule', context()).ok).toBe(false);
    }
    const automatic = {
      ...publication('approved', 'scheduled'),
      approval: { by: 'vigie', at, via: 'api', automatic: true },
    };
    expect(applyNetworkAction(automatic, 'instagram', 'start', context(true)).ok).toBe(false);
    expect(applyNetworkAction(automatic, 'instagram', 'start', context(false)).ok).toBe(true);
  });

  it('refuses a network the publication does not go to', () => {
    expect(applyNetworkAction(approved('pending'), 'tiktok' as Network, 'schedule', context())).toEqual({
      ok: false,
      reason: "tiktok is not one of this publication's networks",
    });
  });

  it('schedules every pending network after approval', () => {
    const result = scheduleAll(approved('pending'), context());
    expect(result.ok && Object.values(result.publication.outcomes).map((o) => o!.state)).toEqual([
      'scheduled',
      'scheduled',
    ]);
  });
});

describe('events of transitions', () => {
  it('emits a state change per entry, and scheduled / published / failed ones', () => {
    const approved = publication('approved', 'scheduled', 'r');
    const started = applyNetworkAction(approved, 'instagram', 'start', context());
    if (!started.ok) throw new Error(started.reason);
    const published = applyNetworkAction(started.publication, 'instagram', 'succeed', context(), {
      externalId: '1790',
      permalink: 'https://www.instagram.com/p/abc/',
    });
    if (!published.ok) throw new Error(published.reason);
    const failed = applyNetworkAction(published.publication, 'x', 'fail', context(), {
      lastError: 'text too long',
    });
    if (!failed.ok) throw new Error(failed.reason);
    const names = eventsOf(failed.publication, [
      ...started.history,
      ...published.history,
      ...failed.history,
    ]).map((event) => `${event.name}:${'network' in event.detail ? event.detail.network : ''}`);
    expect(names).toEqual([
      'publicationStateChanged:instagram',
      'publicationStateChanged:instagram',
      'publicationPublished:instagram',
      'publicationStateChanged:x',
      'publicationFailed:x',
    ]);
    const failure = eventsOf(failed.publication, failed.history)[1]!;
    expect(failure.detail).toEqual({
      publicationId: 'pub-1',
      network: 'x',
      at,
      reason: 'text too long',
      attempts: 1,
    });
  });
});
