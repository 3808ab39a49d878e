import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Network } from '../../../shared/config/client-config.ts';
import { applyNetworkAction, type Transition } from '../../../shared/domain/publishing/lifecycle.ts';
import type { ScheduledAction } from '../../../shared/domain/publishing/ports.ts';
import { idempotencyKey, prepareSend } from '../../../shared/domain/publishing/prepare.ts';
import type { HistoryEntry } from '../../../shared/domain/publishing/publication.ts';
import type { Publisher } from '../../../shared/domain/publishing/publisher.ts';
import { type PublicationQueuePorts, publicationQueueOf } from '../../../shared/domain/publishing/queue.ts';
import {
  type PublishingQuota,
  type RetryPolicy,
  type SendRuntime,
  sendWithRetries,
} from '../../../shared/domain/publishing/send.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';

export interface PublishPublicationDependencies extends Observability, PublicationQueuePorts {
  /** The publisher adapter of each network (`publishersFromConfig`); none: not published to. */
  publishers: Partial<Record<Network, Publisher>>;
  /** The daily caps and Instagram's publishing limit (`publishingQuotaFromConfig`). */
  quota?: PublishingQuota;
  /** The in-process retries' policy and clock (tests shorten the waits). */
  retryPolicy?: Partial<RetryPolicy>;
  sendRuntime?: SendRuntime;
  now?: () => Date;
}

/** A schedule firing this much before the post's time is an old one (the post was moved): ignored. */
const EARLY_TOLERANCE_MS = 60_000;
/** A "publishing" state older than this was left by an invocation that died mid-send. */
const STALE_PUBLISHING_MS = 5 * 60_000;
/** Before asking the network again whether an unknown outcome went out. */
const VERIFY_AGAIN_MS = 10 * 60_000;
/** After this, an outcome nobody can verify is a failure the team must check by hand. */
const GIVE_UP_VERIFYING_MS = 24 * 3_600_000;
/** Sends in all (retries included) and the longest wait before a network is given up. */
const MAX_ATTEMPTS = 12;
const MAX_DEFER_MS = 24 * 3_600_000;

export type PublishResult =
  | 'published'
  | 'failed'
  | 'deferred'
  | 'outcome-unknown'
  | 'not-due'
  | 'in-progress'
  | 'not-approved'
  | 'nothing-to-do'
  | 'reviewed';

const SCHEDULER = { actor: 'vigie', via: 'scheduler' };

/**
 * The target of every publication schedule. For a network due now: checks approval and state,
 * claims the send (scheduled → publishing, a conditional write: a second run of the same schedule
 * finds it claimed and sends nothing), sends through the network's publisher, records the outcome
 * and each attempt. An unknown outcome is verified with the network before anything is sent again.
 * Review schedules (reminder, expiry) land here too.
 */
export function createHandler(deps: PublishPublicationDependencies): Handler<ScheduledAction, PublishResult> {
  const { publicationStore: store, publicationScheduler: scheduler, logger, metrics } = deps;
  const now = () => deps.now?.() ?? new Date();
  const queue = publicationQueueOf(deps);

  const fail = async (
    action: Extract<ScheduledAction, { kind: 'publish' }>,
    reason: string,
    entries: HistoryEntry[] = [],
    attempts?: number,
  ) => {
    await queue.change(action.publicationId, SCHEDULER, (publication, context) =>
      withEntries(
        entries,
        applyNetworkAction(publication, action.network, 'fail', context, {
          lastError: reason,
          ...(attempts === undefined ? {} : { attempts }),
        }),
      ),
    );
    metrics.addMetric('PublicationsFailed', MetricUnit.Count, 1);
    logger.warn('publication failed', { ...action, reason });
    return 'failed' as const;
  };

  /**
   * Its own next run, on a schedule named after its time: never the schedule being run (deleted
   * after it fires), never one set for another time.
   */
  const followUp = (action: Extract<ScheduledAction, { kind: 'publish' }>, at: Date) =>
    scheduler.upsert(
      {
        kind: 'publish',
        publicationId: action.publicationId,
        network: action.network,
        followUp: Math.floor(at.getTime() / 60_000),
      },
      at,
    );

  async function publish(action: Extract<ScheduledAction, { kind: 'publish' }>): Promise<PublishResult> {
    const { publicationId, network } = action;
    let publication = await store.get(publicationId);
    let outcome = publication?.outcomes[network];
    if (!publication || !outcome) {
      logger.warn('schedule for an unknown publication or network', { ...action });
      return 'nothing-to-do';
    }
    if (
      outcome.state === 'scheduled' &&
      Date.parse(outcome.scheduledFor!) - now().getTime() > EARLY_TOLERANCE_MS
    ) {
      return 'not-due';
    }
    if (outcome.state === 'publishing') {
      const claimedAt = Date.parse(publication.updatedAt);
      if (now().getTime() - claimedAt < STALE_PUBLISHING_MS) {
        // Another invocation is sending right now. Should it die before recording the outcome,
        // this follow-up finds the claim stale and verifies with the network.
        await followUp(action, new Date(claimedAt + STALE_PUBLISHING_MS + EARLY_TOLERANCE_MS));
        return 'in-progress';
      }
      const lost = await queue.change(publicationId, SCHEDULER, (current, context) =>
        applyNetworkAction(current, network, 'lose', {
          ...context,
          note: 'the previous send died before its outcome was recorded',
        }),
      );
      if (lost.kind !== 'changed') return 'nothing-to-do';
      publication = lost.publication;
      outcome = publication.outcomes[network]!;
    }
    if (outcome.state !== 'scheduled' && outcome.state !== 'outcome_unknown') return 'nothing-to-do';

    const publisher = deps.publishers[network];
    if (!publisher) return fail(action, `no publisher is configured for ${network}`);
    const window = outcome.attemptWindow ?? 0;

    if (outcome.state === 'outcome_unknown') {
      const prepared = prepareSend(publication, network, window);
      // What was sent then: the same content and key (content that no longer validates was not sent).
      const request = prepared.ok
        ? { ...prepared.request, attempt: outcome.attempts }
        : {
            publicationId,
            network,
            text: '',
            media: [],
            links: [],
            idempotencyKey: idempotencyKey(publicationId, network, window),
            attempt: outcome.attempts,
          };
      const verified = await publisher.verify(request);
      if (verified.kind === 'found') {
        await queue.change(publicationId, SCHEDULER, (current, context) =>
          applyNetworkAction(
            current,
            network,
            'succeed',
            { ...context, note: 'found on the network after an unknown outcome' },
            {
              externalId: verified.externalId,
              permalink: verified.permalink,
              publishedAt: context.at,
            },
          ),
        );
        metrics.addMetric('PublicationsPublished', MetricUnit.Count, 1);
        return 'published';
      }
      if (verified.kind === 'cannot-tell') {
        if (
          now().getTime() - Date.parse(outcome.scheduledFor ?? publication.updatedAt) >
          GIVE_UP_VERIFYING_MS
        ) {
          return fail(
            action,
            `could not verify whether the post went out on ${network} (${verified.reason}): check it by hand`,
          );
        }
        await followUp(action, new Date(now().getTime() + VERIFY_AGAIN_MS));
        return 'outcome-unknown';
      }
      // Absent: the network does not have it; a new send window, with a new idempotency key.
    }

    // The claim: only one invocation moves this network to "publishing" (conditional on the version).
    const claimed = await queue.change(publicationId, SCHEDULER, (current, context) =>
      applyNetworkAction(current, network, 'start', context, { attemptWindow: window + 1 }),
    );
    if (claimed.kind === 'not-found') return 'nothing-to-do';
    if (claimed.kind === 'refused') {
      const current = claimed.publication;
      if (current.outcomes[network]?.state === 'scheduled') {
        // Approval is checked again at send time: whatever happened since, unapproved is not sent.
        await queue.change(publicationId, SCHEDULER, (latest, context) =>
          applyNetworkAction(latest, network, 'unschedule', {
            ...context,
            note: 'not approved at send time',
          }),
        );
        metrics.addMetric('PublicationsBlockedUnapproved', MetricUnit.Count, 1);
        logger.warn('not approved at send time: not published', { ...action, state: current.state });
        return 'not-approved';
      }
      logger.info('nothing to send', { ...action, reason: claimed.reason });
      return 'nothing-to-do';
    }

    const sent = claimed.publication.outcomes[network]!;
    // Variant, UTM-tagged links, the network's rules: a refusal fails early, with every reason.
    const prepared = prepareSend(claimed.publication, network, sent.attemptWindow!);
    if (!prepared.ok) return fail(action, prepared.problems.join('; '));
    const { outcome: result, attempts } = await sendWithRetries(
      prepared.request,
      publisher,
      deps.retryPolicy,
      deps.sendRuntime,
      deps.quota,
    );
    const attemptEntries: HistoryEntry[] = attempts.map((attempt) => ({
      at: attempt.at,
      actor: 'vigie',
      via: 'scheduler',
      network,
      attempt,
      note: `attempt: ${attempt.status ?? 'no answer'}`,
    }));
    const attemptsSoFar = sent.attempts + attempts.length;
    switch (result.kind) {
      case 'published':
        await queue.change(publicationId, SCHEDULER, (current, context) =>
          withEntries(
            attemptEntries,
            applyNetworkAction(current, network, 'succeed', context, {
              externalId: result.externalId,
              permalink: result.permalink,
              publishedAt: result.attempt.at,
              attempts: attemptsSoFar,
              lastError: undefined,
            }),
          ),
        );
        metrics.addMetric('PublicationsPublished', MetricUnit.Count, 1);
        logger.info('published', { ...action, externalId: result.externalId });
        return 'published';
      case 'retryable': {
        const waitMs = result.retryAfterMs;
        if (waitMs === undefined || attemptsSoFar >= MAX_ATTEMPTS || waitMs > MAX_DEFER_MS) {
          return fail(
            action,
            `${result.reason} (after ${attemptsSoFar} attempts)`,
            attemptEntries,
            attemptsSoFar,
          );
        }
        await queue.change(publicationId, SCHEDULER, (current, context) =>
          withEntries(
            attemptEntries,
            applyNetworkAction(
              current,
              network,
              'defer',
              { ...context, note: `retry in ${Math.round(waitMs / 1000)} s: ${result.reason}` },
              {
                scheduledFor: new Date(now().getTime() + waitMs).toISOString(),
                attempts: attemptsSoFar,
                lastError: result.reason,
              },
            ),
          ),
        );
        await followUp(action, new Date(now().getTime() + waitMs));
        return 'deferred';
      }
      case 'unknown':
        await queue.change(publicationId, SCHEDULER, (current, context) =>
          withEntries(
            attemptEntries,
            applyNetworkAction(current, network, 'lose', context, {
              attempts: attemptsSoFar,
              lastError: result.reason,
            }),
          ),
        );
        await followUp(action, new Date(now().getTime() + VERIFY_AGAIN_MS));
        metrics.addMetric('PublicationsOutcomeUnknown', MetricUnit.Count, 1);
        return 'outcome-unknown';
      case 'rejected':
        return fail(action, result.reason, attemptEntries, attemptsSoFar);
      case 'unauthorized':
        return fail(
          action,
          `${result.reason}: reconnect the ${network} account ${result.account}`,
          attemptEntries,
          attemptsSoFar,
        );
    }
  }

  return withObservability(
    async (action) => {
      if (action.kind === 'publish') return publish(action);
      await queue.onReviewSchedule(action);
      return 'reviewed';
    },
    deps,
    (action) => `${action.publicationId}${'network' in action ? `#${action.network}` : ''}`,
  );
}

function withEntries(entries: HistoryEntry[], transition: Transition): Transition {
  if (!transition.ok) return transition;
  return { ...transition, history: [...entries, ...transition.history] };
}
