import { localHour, localToUtc, periodOfHour } from './periods.ts';

/**
 * Local calendar helpers of worry lines and the monthly report, on top of periods.ts: a local date
 * is `YYYY-MM-DD`, ISO weeks start on Monday, months on the 1st. Dates are handled as UTC midnights
 * so that adding days never meets a DST change; only the conversion to an instant needs the zone.
 */
export type CalendarPeriod = 'day' | 'week' | 'month';

const DAY_MS = 86_400_000;

function toDate(localDate: string): Date {
  return new Date(`${localDate}T00:00:00Z`);
}

export function addDays(localDate: string, days: number): string {
  return new Date(toDate(localDate).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

export function addMonths(localDate: string, months: number): string {
  const date = toDate(localDate);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1)).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayOf(localDate: string): number {
  return (toDate(localDate).getUTCDay() + 6) % 7;
}

/** First day of the day, ISO week or month that contains a local date. */
export function startOfPeriod(localDate: string, period: CalendarPeriod): string {
  return periodOfHour(localDate, period);
}

/** The local days of a month (`YYYY-MM`). */
export function daysOfMonth(month: string): string[] {
  const days: string[] = [];
  const end = addMonths(`${month}-01`, 1);
  for (let day = `${month}-01`; day < end; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The local date and hour of an instant in a time zone. */
export function localDateTime(iso: string, timeZone: string): { date: string; hour: number } {
  const hour = localHour(iso, timeZone);
  return { date: hour.slice(0, 10), hour: Number(hour.slice(11, 13)) };
}

/** Local midnight of a date as an ISO time with the zone's offset (e.g. `2026-02-23T00:00:00+01:00`). */
export function localMidnightIso(localDate: string, timeZone: string): string {
  const offset = Math.round(
    (toDate(localDate).getTime() - Date.parse(localToUtc(localDate, timeZone))) / 60_000,
  );
  const sign = offset < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${localDate}T00:00:00${sign}${hours}:${minutes}`;
}
