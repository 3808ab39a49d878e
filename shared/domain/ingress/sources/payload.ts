import { createHash } from 'node:crypto';
import * as z from 'zod/mini';

/**
 * Small helpers the source adapters share to turn a sender's payload into valid Vigie events:
 * a delivery id when the sender has none, bounded times and texts (an event that does not match its
 * contract would make publishing fail, and the sender retry forever).
 */

/** SHA-256 of the raw body, hex: the delivery id of senders that send none (a retry is byte-identical). */
export function bodyDigest(rawBody: string): string {
  return createHash('sha256').update(rawBody, 'utf8').digest('hex');
}

const MAX_ID_LIST = 200;

/**
 * Delivery id of a batch from the ids of its items: sorted (numerically when they are digits, so
 * "999" < "1042"), joined with commas; hashed when the list is long, so store keys stay small.
 */
export function idList(ids: readonly string[]): string {
  const sorted = [...ids].sort((a, b) => {
    if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
      const [x, y] = [BigInt(a), BigInt(b)];
      return x < y ? -1 : x > y ? 1 : 0;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const joined = sorted.join(',');
  return joined.length <= MAX_ID_LIST ? joined : `sha256:${bodyDigest(joined)}`;
}

/** 9999-12-31T23:59:59Z: the last instant an ISO 8601 `at` can say with four digits. */
const MAX_EPOCH_SECONDS = 253_402_300_799;
export const epochSecondsSchema = z.int().check(z.gte(0), z.lte(MAX_EPOCH_SECONDS));
export const epochMillisSchema = z.int().check(z.gte(0), z.lte(MAX_EPOCH_SECONDS * 1000 + 999));

/** `YYYY-MM-DDTHH:mm:ss.sssZ`, or undefined when the instant has no such form (invalid, year < 1 or > 9999). */
export function isoInstant(value: Date | string | number): string | undefined {
  const date = value instanceof Date ? value : new Date(value);
  const time = date.getTime();
  if (Number.isNaN(time) || time < Date.UTC(1, 0, 1) || time > MAX_EPOCH_SECONDS * 1000 + 999) {
    return undefined;
  }
  return date.toISOString();
}

/** Mention texts are at most 10,000 characters in Vigie's contract. */
export const MAX_TEXT = 10_000;

export function clip(text: string, max = MAX_TEXT): string {
  return text.length <= max ? text : text.slice(0, max);
}

/** JSON.parse that answers undefined instead of throwing. */
export function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/** A string id (numbers as the sender wrote them), 1 to 256 characters, as event ids want. */
export const idSchema = z.pipe(
  z.pipe(
    z.union([z.string(), z.int().check(z.gte(0))]),
    z.transform((value) => String(value)),
  ),
  z.string().check(z.minLength(1), z.maxLength(256)),
);

/** `table[key]` for the table's own keys only: a sender's "constructor" or "__proto__" maps to nothing. */
export function lookup<Value>(table: Readonly<Record<string, Value>>, key: string): Value | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

const urlSchema = z.url({ protocol: /^https?$/ });

/** The value when it is an http(s) URL, else undefined: a tool's odd permalink does not cost the outcome. */
export function httpUrl(value: string | null | undefined): string | undefined {
  return value && urlSchema.safeParse(value).success ? value : undefined;
}

/** encodeURIComponent for a URL path segment, lone surrogates (which make it throw) replaced by U+FFFD. */
export function pathSegment(value: string): string {
  return encodeURIComponent(value.replace(/[\uD800-\uDFFF]/gu, '\uFFFD'));
}
