import type { PublishRequest, VerifyOutcome } from '../../domain/publishing/publisher.ts';

/** A recent post of the account, as verification compares it. */
export interface RecentPost {
  id: string;
  text?: string;
  /** Creation time (epoch ms), when the network gives it. */
  createdAt?: number;
  permalink?: string;
}

/** Clock differences between Vigie and the network. */
const SKEW_MS = 5 * 60_000;
/** Without the first send's time, only the last day counts. */
const DEFAULT_WINDOW_MS = 24 * 60 * 60_000;

/**
 * Did this send go out? A post with the same text, created since the attempt window's first send
 * (an evergreen publication's earlier post has the same text, and is not this one). A same-text
 * post without a creation time cannot be placed: cannot tell, rather than a resend or a false find.
 */
export function findAmongRecent(
  posts: readonly RecentPost[],
  request: PublishRequest,
  now: Date,
  same: (text: string | undefined) => boolean,
): VerifyOutcome {
  const since =
    (request.firstSentAt ? Date.parse(request.firstSentAt) : now.getTime() - DEFAULT_WINDOW_MS) - SKEW_MS;
  const matches = posts.filter((post) => same(post.text));
  const match = matches.find((post) => post.createdAt !== undefined && post.createdAt >= since);
  if (match) return { kind: 'found', externalId: match.id, permalink: match.permalink };
  if (matches.some((post) => post.createdAt === undefined)) {
    return { kind: 'cannot-tell', reason: 'a post with the same text has no creation time' };
  }
  return { kind: 'absent' };
}

/** Graph's `2026-12-01T09:00:00+0000`, X's ISO times, LinkedIn's epoch milliseconds. */
export function timeOf(value: string | number | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (!value) return undefined;
  const parsed = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isFinite(parsed) ? parsed : undefined;
}
