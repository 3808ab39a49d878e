import type { Network } from '../../config/client-config.ts';

/**
 * Port: what sends one publication to one network. Implementations (a signed outbound webhook,
 * the Graph API for Facebook Pages and Instagram, LinkedIn's Posts API, X's POST /2/tweets) live in
 * shared/adapters/publishers/; the publish function only sees this interface.
 */
export interface MediaRef {
  /** Public HTTPS URL the network fetches the file from. */
  url: string;
  kind: 'image' | 'video';
  altText?: string;
}

export interface PublishRequest {
  publicationId: string;
  network: Network;
  /** The text for this network (its variant, or the base text), links already UTM-tagged. */
  text: string;
  media: readonly MediaRef[];
  links: readonly string[];
  /**
   * Same for every retry of one attempt window of (publication, network): a network or receiver
   * that honours it never posts twice; adapters without such support verify before resending.
   */
  idempotencyKey: string;
  /** 1 for the first try. */
  attempt: number;
  /**
   * When the first send of this attempt window left (ISO). Verification ignores posts older than it,
   * so that an evergreen publication's earlier post with the same text is not taken for this one.
   */
  firstSentAt?: string;
}

/** What a network answered, as the rest of Vigie needs it (the audit log keeps the details). */
export interface PublishAttemptRecord {
  at: string;
  apiVersion?: string;
  status?: number;
  /** Rate-limit headers the network sent (e.g. x-rate-limit-remaining, x-app-usage). */
  rateLimit?: Record<string, string>;
  /** SHA-256 of the payload sent: the audit log never keeps the payload itself. */
  payloadSha256: string;
}

export type PublishOutcome =
  | { kind: 'published'; externalId: string; permalink?: string; attempt: PublishAttemptRecord }
  /** 5xx, 429, connection refused before the request left: safe to send again after the delay. */
  | { kind: 'retryable'; reason: string; retryAfterMs?: number; attempt: PublishAttemptRecord }
  /** The network refused the content (validation, policy): never retried. */
  | { kind: 'rejected'; reason: string; attempt: PublishAttemptRecord }
  /** The token is expired or revoked: the team must reconnect this account. */
  | { kind: 'unauthorized'; reason: string; account: string; attempt: PublishAttemptRecord }
  /** The request left and no answer came back (timeout): verify before any new send. */
  | { kind: 'unknown'; reason: string; attempt: PublishAttemptRecord };

export type VerifyOutcome =
  | { kind: 'found'; externalId: string; permalink?: string }
  | { kind: 'absent' }
  | { kind: 'cannot-tell'; reason: string };

export interface Publisher {
  readonly network: Network | 'any';
  publish(request: PublishRequest): Promise<PublishOutcome>;
  /** After an `unknown` outcome: did the post go out? (by idempotency key, text or recent posts). */
  verify(request: PublishRequest): Promise<VerifyOutcome>;
}
