import { createHash, timingSafeEqual } from 'node:crypto';

/** `Authorization: Bearer <key>` against the client's key, in constant time (hashes: equal lengths). */
export function isAuthorizedBearer(authorization: string | undefined, key: string): boolean {
  if (!authorization || !key) return false;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) return false;
  const given = createHash('sha256').update(match[1]!).digest();
  const expected = createHash('sha256').update(key).digest();
  return timingSafeEqual(given, expected);
}
