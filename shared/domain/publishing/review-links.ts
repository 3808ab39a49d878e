import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed approve / reject links for reviewers without an account (like the crisis acknowledge
 * link): an HMAC with the link key over the publication, its version, the decision, the reviewer
 * and the expiry. A link for an older version (the post changed since the email) or past its
 * expiry is refused; nobody can forge one for another publication or reviewer.
 */
export type ReviewDecision = 'approve' | 'reject';

export interface ReviewLink {
  publicationId: string;
  version: number;
  decision: ReviewDecision;
  reviewer: string;
  /** ISO time after which the link no longer works. */
  expiresAt: string;
}

export function reviewSignature(link: ReviewLink, key: string): string {
  return createHmac('sha256', key)
    .update(
      [
        'review',
        link.publicationId,
        link.version,
        link.decision,
        link.reviewer.toLowerCase(),
        link.expiresAt,
      ].join('\n'),
    )
    .digest('base64url');
}

export function reviewUrl(apiUrl: string, link: ReviewLink, key: string): string {
  const query = new URLSearchParams({
    v: String(link.version),
    reviewer: link.reviewer,
    expires: link.expiresAt,
    sig: reviewSignature(link, key),
  });
  return `${apiUrl.replace(/\/$/, '')}/review/${encodeURIComponent(link.publicationId)}/${link.decision}?${query}`;
}

export type LinkCheck = { ok: true; link: ReviewLink } | { ok: false; reason: 'invalid' | 'expired' };

/** Checks a link's query against its path; the signature first, so an expired forgery is still "invalid". */
export function checkReviewLink(
  publicationId: string,
  decision: string,
  query: Record<string, string | undefined>,
  key: string,
  now: Date,
): LinkCheck {
  if (decision !== 'approve' && decision !== 'reject') return { ok: false, reason: 'invalid' };
  const version = Number(query.v);
  const { reviewer, expires, sig } = query;
  if (!Number.isInteger(version) || !reviewer || !expires || !sig || !key)
    return { ok: false, reason: 'invalid' };
  const link: ReviewLink = { publicationId, version, decision, reviewer, expiresAt: expires };
  const expected = Buffer.from(reviewSignature(link, key));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'invalid' };
  if (!(Date.parse(expires) > now.getTime())) return { ok: false, reason: 'expired' };
  return { ok: true, link };
}
