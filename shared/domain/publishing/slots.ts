import type { ClientConfig, Network } from '../../config/client-config.ts';
import { addDays, fromLocal, localDay, weekdayOf } from './local-time.ts';

/** How far ahead the queue looks for a free slot before saying there is none. */
export const SLOT_HORIZON_DAYS = 56;

export type PostingSlots = ClientConfig['publishing']['slots'];

/**
 * The next free posting slot of a network after `after`, like a Buffer queue: the slots of each
 * weekday in the client's time zone, the earliest one not yet `taken` (instants of that network's
 * queued posts, compared to the minute). A slot skipped by the spring change does not exist that
 * day; a slot in the repeated autumn hour is its first occurrence. `undefined`: no slot is
 * configured for the network, or every slot of the horizon is taken.
 */
export function nextFreeSlot(
  network: Network,
  after: Date,
  taken: ReadonlySet<string>,
  slots: PostingSlots,
  timeZone: string,
  horizonDays = SLOT_HORIZON_DAYS,
): Date | undefined {
  const weekly = slots[network];
  if (!weekly) return undefined;
  const takenMinutes = new Set([...taken].map(minuteOf));
  const firstDay = localDay(after, timeZone);
  for (let offset = 0; offset <= horizonDays; offset++) {
    const date = addDays(firstDay, offset);
    const times = [...(weekly[weekdayOf(date)] ?? [])].sort();
    for (const time of times) {
      const instant = fromLocal({ date, time }, timeZone, 'skip');
      if (!instant || instant.getTime() <= after.getTime()) continue;
      if (!takenMinutes.has(minuteOf(instant.toISOString()))) return instant;
    }
  }
  return undefined;
}

function minuteOf(iso: string): number {
  return Math.floor(Date.parse(iso) / 60_000);
}
