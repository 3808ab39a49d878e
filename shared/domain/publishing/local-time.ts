import { WEEKDAYS, type Weekday } from '../../config/client-config.ts';
import { dateTimeFormat } from '../time-formats.ts';

/**
 * Wall-clock time in a time zone, and back to instants, without a date library: Intl knows the
 * zone's rules. Slots and recurring rules are defined in local time, so daylight-saving changes
 * are decided here, once: a local time that does not exist (the hour skipped in spring) and one
 * that exists twice (the hour repeated in autumn) each get an explicit answer.
 */
export interface LocalDateTime {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM */
  time: string;
}

const DAY_MS = 86_400_000;

function partsOf(instant: number, timeZone: string): Record<string, string> {
  const format = dateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(new Date(instant))) parts[part.type] = part.value;
  return parts;
}

/** The local date and time (to the minute) of an instant. */
export function toLocal(instant: Date | string, timeZone: string): LocalDateTime {
  const parts = partsOf(new Date(instant).getTime(), timeZone);
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** The local calendar day (YYYY-MM-DD) of an instant: "the day" of a post for the calendar and duplicates. */
export function localDay(instant: Date | string, timeZone: string): string {
  return toLocal(instant, timeZone).date;
}

/** Offset of the zone from UTC at an instant, in milliseconds (Paris in winter: +3,600,000). */
function offsetAt(instant: number, timeZone: string): number {
  const p = partsOf(instant, timeZone);
  const asUtc = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

function wallClockAsUtc({ date, time }: LocalDateTime): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return Date.UTC(year, month - 1, day, hour, minute);
}

/**
 * The instant of a local date and time. A time repeated in autumn gives its first occurrence. A
 * time skipped in spring gives `undefined` with `gap: 'skip'` (a posting slot that does not exist
 * that day), or the same duration after the change with `gap: 'shift'` (02:30 → 03:30 in Paris:
 * a recurring post still happens that day).
 */
export function fromLocal(local: LocalDateTime, timeZone: string, gap: 'skip' | 'shift'): Date | undefined {
  const candidates = instantsOf(local, timeZone);
  if (candidates.length) return candidates[0];
  if (gap === 'skip') return undefined;
  // In the gap: with the offset in force before the change, the instant lands after it.
  const wall = wallClockAsUtc(local);
  return new Date(wall - offsetAt(wall - DAY_MS / 2, timeZone));
}

/** Every instant a local date and time names: none in the spring gap, two in the autumn overlap. */
function instantsOf(local: LocalDateTime, timeZone: string): Date[] {
  const wall = wallClockAsUtc(local);
  // The zone's offsets on either side of that wall-clock time cover any change within a day.
  const offsets = new Set([offsetAt(wall - DAY_MS / 2, timeZone), offsetAt(wall + DAY_MS / 2, timeZone)]);
  return [...offsets]
    .map((offset) => wall - offset)
    .filter((instant) => {
      const back = toLocal(new Date(instant), timeZone);
      return back.date === local.date && back.time === local.time;
    })
    .sort((a, b) => a - b)
    .map((instant) => new Date(instant));
}

/** True when the local time of this instant names another instant too (the hour repeated in autumn). */
export function isAmbiguousLocal(instant: Date, timeZone: string): boolean {
  return instantsOf(toLocal(instant, timeZone), timeZone).length > 1;
}

/** Calendar arithmetic on YYYY-MM-DD (no time zone involved: a local day is a label). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function weekdayOf(date: string): Weekday {
  // 1970-01-01 was a Thursday.
  const index = (((Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS) + 3) % 7) + 7) % 7;
  return WEEKDAYS[index]!;
}

/** Local days touched by the instants [from, to): the calendar partitions to read. */
export function localDaysBetween(from: string, to: string, timeZone: string): string[] {
  const first = localDay(from, timeZone);
  const last = localDay(new Date(Date.parse(to) - 1), timeZone);
  const days: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) days.push(day);
  return days;
}
