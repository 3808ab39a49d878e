import { dateTimeFormat } from '../time-formats.ts';

/**
 * Rollup periods in the client's time zone. A period is named by its local start: `YYYY-MM-DDTHH:00`
 * for an hour, the local date of its first day (`YYYY-MM-DD`) otherwise; ISO weeks start on Monday.
 * Local hours are wall-clock hours: on the autumn DST night the two 02:00 hours share one row.
 */
export type Period = 'hour' | 'day' | 'week' | 'month';
export const PERIODS: readonly Period[] = ['hour', 'day', 'week', 'month'];

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

function localFormat(timeZone: string): Intl.DateTimeFormat {
  return dateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
}

/** Local wall-clock time of an instant, as `YYYY-MM-DDTHH:mm`. */
function localDateTime(ms: number, timeZone: string): string {
  const parts: Record<string, string> = {};
  for (const part of localFormat(timeZone).formatToParts(new Date(ms))) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The local hour of an instant: `YYYY-MM-DDTHH:00`. */
export function localHour(iso: string, timeZone: string): string {
  return `${localDateTime(Date.parse(iso), timeZone).slice(0, 13)}:00`;
}

/** The start of the period of a given kind that contains a local hour (or a local date). */
export function periodOfHour(hour: string, period: Period): string {
  switch (period) {
    case 'hour':
      return hour;
    case 'day':
      return hour.slice(0, 10);
    case 'month':
      return `${hour.slice(0, 7)}-01`;
    case 'week': {
      const day = Date.parse(`${hour.slice(0, 10)}T00:00:00Z`);
      const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
      return new Date(day - sinceMonday * DAY_MS).toISOString().slice(0, 10);
    }
  }
}

/** Local start of the period containing an instant. */
export function periodStart(iso: string, period: Period, timeZone: string): string {
  return periodOfHour(localHour(iso, timeZone), period);
}

/** Wall-clock arithmetic on local names, done in UTC so no time zone interferes. */
function wallClockMs(local: string): number {
  return Date.parse(local.length === 10 ? `${local}T00:00:00Z` : `${local}:00Z`);
}

export function nextPeriodStart(start: string, period: Period): string {
  const ms = wallClockMs(start);
  switch (period) {
    case 'hour':
      return `${new Date(ms + HOUR_MS).toISOString().slice(0, 13)}:00`;
    case 'day':
      return new Date(ms + DAY_MS).toISOString().slice(0, 10);
    case 'week':
      return new Date(ms + 7 * DAY_MS).toISOString().slice(0, 10);
    case 'month': {
      const date = new Date(ms);
      return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
    }
  }
}

export function previousPeriodStart(start: string, period: Period): string {
  const ms = wallClockMs(start);
  switch (period) {
    case 'hour':
      return `${new Date(ms - HOUR_MS).toISOString().slice(0, 13)}:00`;
    case 'day':
      return new Date(ms - DAY_MS).toISOString().slice(0, 10);
    case 'week':
      return new Date(ms - 7 * DAY_MS).toISOString().slice(0, 10);
    case 'month': {
      const date = new Date(ms);
      return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
    }
  }
}

/**
 * The instant (ISO, UTC) at which a local wall-clock time happens: the first one when the autumn
 * change repeats it; in the spring gap, the instant the clocks jump to.
 */
export function localToUtc(local: string, timeZone: string): string {
  const wall = wallClockMs(local);
  const offsetAt = (ms: number) => wallClockMs(localDateTime(ms, timeZone)) - ms;
  const offsets = [offsetAt(wall - 12 * HOUR_MS), offsetAt(wall + 12 * HOUR_MS)];
  const matches = offsets
    .map((offset) => wall - offset)
    .filter((candidate) => wallClockMs(localDateTime(candidate, timeZone)) === wall);
  return new Date(matches.length ? Math.min(...matches) : wall - offsets[0]!).toISOString();
}

/** The period's bounds as UTC instants: [from, to). */
export function periodBounds(period: Period, start: string, timeZone: string): { from: string; to: string } {
  return {
    from: localToUtc(start, timeZone),
    to: localToUtc(nextPeriodStart(start, period), timeZone),
  };
}

/** The local hours of a period (wall-clock names). */
export function hoursOf(period: Period, start: string): string[] {
  const first = period === 'hour' ? start : `${start}T00:00`;
  const end = period === 'hour' ? nextPeriodStart(start, 'hour') : `${nextPeriodStart(start, period)}T00:00`;
  const hours: string[] = [];
  for (let hour = first; hour < end; hour = nextPeriodStart(hour, 'hour')) hours.push(hour);
  return hours;
}
