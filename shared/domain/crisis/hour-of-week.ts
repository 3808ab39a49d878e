import { dateTimeFormat } from '../time-formats.ts';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** 0 = Monday 00:00–01:00 … 167 = Sunday 23:00, in the client's time zone (the rhythm people live by). */
export function hourOfWeek(iso: string, timeZone: string): number {
  const format = dateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', hourCycle: 'h23' });
  let weekday = 0;
  let hour = 0;
  for (const part of format.formatToParts(new Date(iso))) {
    if (part.type === 'weekday') weekday = WEEKDAYS.indexOf(part.value);
    else if (part.type === 'hour') hour = Number(part.value);
  }
  return weekday * 24 + hour;
}
