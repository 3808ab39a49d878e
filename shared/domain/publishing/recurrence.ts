import * as z from 'zod/mini';
import { localTimeSchema, weekdaySchema } from '../../config/client-config.ts';
import { addDays, daysFrom, fromLocal, localDay, weekdayOf } from './local-time.ts';

const localDateSchema = z.iso.date();

/**
 * A recurring (evergreen) publication: every N days or weekly on given days, at a local time, up
 * to a cap, never twice within the cooldown. Evaluated in the client's time zone: "every Monday
 * at 09:00" stays 09:00 local across daylight-saving changes.
 */
export const recurrenceSchema = z
  .strictObject({
    every: z.union([
      z.strictObject({ days: z.int().check(z.gte(1), z.lte(365)) }),
      z.strictObject({ weekdays: z.array(weekdaySchema).check(z.minLength(1)) }),
    ]),
    time: localTimeSchema,
    /** First local day the rule may fire (inclusive); `every.days` counts from it. */
    startsOn: localDateSchema,
    /** Last local day the rule may fire (inclusive). */
    until: z.optional(localDateSchema),
    /** How many occurrences in all. */
    maxOccurrences: z.optional(z.int().check(z.gte(1), z.lte(1000))),
    /** Minimum local days between two occurrences (and after the last post of this content). */
    cooldownDays: z._default(z.int().check(z.gte(0), z.lte(365)), 0),
  })
  .check(
    z.refine((rule) => !rule.until || rule.until >= rule.startsOn, {
      message: '"until" must not be before "startsOn"',
      path: ['until'],
    }),
  );
export type RecurrenceRule = z.infer<typeof recurrenceSchema>;

/** How far a rule is searched: beyond, a sparse rule is treated as finished. */
const SEARCH_DAYS = 800;

/**
 * The next occurrence strictly after `after`, given how many occurred already and when this
 * content was last posted. `undefined`: the rule is done (cap reached, past `until`).
 */
export function nextOccurrence(
  rule: RecurrenceRule,
  timeZone: string,
  after: Date,
  history: { occurrences: number; lastPostedAt?: string },
): Date | undefined {
  if (rule.maxOccurrences !== undefined && history.occurrences >= rule.maxOccurrences) return undefined;
  const fromDay = localDay(after, timeZone);
  const firstDay = fromDay > rule.startsOn ? fromDay : rule.startsOn;
  const lastPostedDay = history.lastPostedAt ? localDay(history.lastPostedAt, timeZone) : undefined;
  for (let offset = 0; offset <= SEARCH_DAYS; offset++) {
    const date = addDays(firstDay, offset);
    if (rule.until && date > rule.until) return undefined;
    const matches =
      'days' in rule.every
        ? daysFrom(rule.startsOn, date) % rule.every.days === 0
        : rule.every.weekdays.includes(weekdayOf(date));
    if (!matches) continue;
    if (lastPostedDay && daysFrom(lastPostedDay, date) < Math.max(rule.cooldownDays, 1)) continue;
    // A time skipped by the spring change is shifted past it: the post still happens that day.
    const instant = fromLocal({ date, time: rule.time }, timeZone, 'shift')!;
    if (instant.getTime() > after.getTime()) return instant;
  }
  return undefined;
}

/** The first `count` occurrences from `after` (previews, tests), honouring cap and cooldown. */
export function occurrences(rule: RecurrenceRule, timeZone: string, after: Date, count: number): Date[] {
  const found: Date[] = [];
  let cursor = after;
  while (found.length < count) {
    const next = nextOccurrence(rule, timeZone, cursor, {
      occurrences: found.length,
      lastPostedAt: found.at(-1)?.toISOString(),
    });
    if (!next) break;
    found.push(next);
    cursor = next;
  }
  return found;
}
