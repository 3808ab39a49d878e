import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of a payload, hex or base64. */
export function hmacSha256(secret: string, payload: string, encoding: 'hex' | 'base64'): string {
  return createHmac('sha256', secret).update(payload, 'utf8').digest(encoding);
}

/** Constant-time comparison of two signatures (different lengths are simply unequal). */
export function sameSignature(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
