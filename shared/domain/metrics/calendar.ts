import { dateTimeFormat } from '../time-formats.ts';

/**
 * Local calendar arithmetic for closed periods, in the client's time zone: a local date is
 * `YYYY-MM-DD`, ISO weeks start on Monday, months on the 1st. Dates are handled as UTC midnights
 * so that adding days never meets a DST change; only the conversion to an instant needs the zone.
 */
export type CalendarPeriod = 'day' | 'week' | 'month';

const DAY_MS = 86_400_000;

function toDate(localDate: string): Date {
  return new Date(`${localDate}T00:00:00Z`);
}

function fromDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(localDate: string, days: number): string {
  return fromDate(new Date(toDate(localDate).getTime() + days * DAY_MS));
}

export function addMonths(localDate: string, months: number): string {
  const date = toDate(localDate);
  return fromDate(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1)));
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayOf(localDate: string): number {
  return (toDate(localDate).getUTCDay() + 6) % 7;
}

/** First day of the day, ISO week or month that contains a local date. */
export function startOfPeriod(localDate: string, period: CalendarPeriod): string {
  if (period === 'day') return localDate;
  if (period === 'week') return addDays(localDate, -weekdayOf(localDate));
  return `${localDate.slice(0, 7)}-01`;
}

/** First day of the next period: the (exclusive) end of the one starting at `start`. */
export function nextPeriodStart(start: string, period: CalendarPeriod): string {
  if (period === 'day') return addDays(start, 1);
  if (period === 'week') return addDays(start, 7);
  return addMonths(start, 1);
}

/** The local days of a month (`YYYY-MM`). */
export function daysOfMonth(month: string): string[] {
  const days: string[] = [];
  const end = addMonths(`${month}-01`, 1);
  for (let day = `${month}-01`; day < end; day = addDays(day, 1)) days.push(day);
  return days;
}

function localParts(instant: Date, timeZone: string): Record<string, number> {
  const parts = dateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  return Object.fromEntries(
    parts.filter((part) => part.type !== 'literal').map((part) => [part.type, Number(part.value)]),
  );
}

/** The local date and hour of an instant in a time zone. */
export function localDateTime(iso: string, timeZone: string): { date: string; hour: number } {
  const parts = localParts(new Date(iso), timeZone);
  const pad = (value: number | undefined) => String(value).padStart(2, '0');
  return { date: `${parts.year}-${pad(parts.month)}-${pad(parts.day)}`, hour: parts.hour ?? 0 };
}

function offsetMinutes(instantMs: number, timeZone: string): number {
  const p = localParts(new Date(instantMs), timeZone);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return Math.round((asUtc - instantMs) / 60_000);
}

/** Local midnight of a date as an ISO time with the zone's offset (e.g. `2026-02-23T00:00:00+01:00`). */
export function localMidnightIso(localDate: string, timeZone: string): string {
  const wallClock = toDate(localDate).getTime();
  let offset = offsetMinutes(wallClock, timeZone);
  // The offset at the instant itself can differ from the guess's when a DST change lies in between.
  offset = offsetMinutes(wallClock - offset * 60_000, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${localDate}T00:00:00${sign}${hours}:${minutes}`;
}
