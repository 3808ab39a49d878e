import type { Network } from '../../config/client-config.ts';
import type { MediaRef, PublishAttemptRecord } from './publisher.ts';

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
