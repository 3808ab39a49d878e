import type { Network } from '../../config/client-config.ts';
import type { MediaRef, PublishAttemptRecord } from './publisher.ts';
import type { RecurrenceRule } from './recurrence.ts';

/**
 * A publication of the queue: one approved calendar item, sent to one or more networks. Pure
 * types: the lifecycle rules, slots and validation build on them; stores persist them.
 */

/** The publication's own state, before it fans out to networks. */
export type PublicationState = 'draft' | 'in_review' | 'approved' | 'cancelled';

/** State per network once approved. */
export type NetworkState =
  | 'pending'
  | 'scheduled'
  | 'publishing'
  | 'published'
  | 'failed'
  | 'outcome_unknown'
  | 'cancelled';

export interface NetworkOutcome {
  state: NetworkState;
  /** When this network's post is due (ISO, UTC). */
  scheduledFor?: string;
  externalId?: string;
  permalink?: string;
  attempts: number;
  lastError?: string;
  /** When the network post went out (ISO), as the publisher or the tool reported it. */
  publishedAt?: string;
  /**
   * Counts the send windows of this network: part of the idempotency key, so every retry of one
   * window carries the same key and a deliberate new send (after a verified absence) a new one.
   */
  attemptWindow?: number;
}

export interface Publication {
  publicationId: string;
  /** Base text; `variants[network]` replaces it on that network. */
  text: string;
  variants: Partial<Record<Network, string>>;
  media: MediaRef[];
  links: string[];
  pillar?: string;
  campaign?: string;
  networks: Network[];
  /** Requested time (ISO) or absent: the next free slot of the posting schedule. */
  requestedFor?: string;
  timeZone: string;
  author: string;
  state: PublicationState;
  outcomes: Partial<Record<Network, NetworkOutcome>>;
  /** The open approval request, while in review. */
  review?: ReviewRequest;
  /** Who approved, and whether it was automatic (the client does not require approval). */
  approval?: Approval;
  /** For a recurring (evergreen) publication: the rule, its series and which occurrence this is. */
  recurrence?: { rule: RecurrenceRule; seriesId: string; occurrence: number };
  /** Ids a scheduling tool gave this publication, so its outcome reports find it. */
  toolRefs?: ToolRef[];
  /** Networks left out because the same text was already queued there that local day. */
  duplicates?: { network: Network; duplicateOf: string }[];
  /** Optimistic locking: every write increments it. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** One line of the audit log: every transition and every publish attempt. */
export interface HistoryEntry {
  at: string;
  /** Who: a user, a reviewer's email, a tool ("hootsuite"), or "vigie". */
  actor: string;
  /** From where: "api", "webhook:<source>", "approval-link", "scheduler", "import". */
  via: string;
  network?: Network;
  from?: PublicationState | NetworkState;
  to?: PublicationState | NetworkState;
  attempt?: PublishAttemptRecord;
  note?: string;
}

export interface ReviewRequest {
  requestedAt: string;
  /** After this the request has lapsed: back to draft, the team is told. */
  expiresAt: string;
  /** When reviewers get a reminder (before the slot), if still open. */
  reminderAt?: string;
  reviewers: string[];
}

export interface Approval {
  by: string;
  at: string;
  via: string;
  automatic: boolean;
}

export interface ToolRef {
  tool: string;
  toolPostId: string;
  network?: Network;
}
