import { describe, expect, it } from 'vitest';
import {
  hoursOf,
  localHour,
  localToUtc,
  nextPeriodStart,
  periodBounds,
  periodOfHour,
  periodStart,
  previousPeriodStart,
} from '../../../../shared/domain/metrics/periods.ts';

describe('periods in the client’s time zone', () => {
  it('names hours by their local wall-clock time and days, weeks (Monday) and months by their first day', () => {
    expect(localHour('2026-03-01T23:30:00Z', 'Europe/Paris')).toBe('2026-03-02T00:00');
    expect(periodStart('2026-03-01T23:30:00Z', 'day', 'Europe/Paris')).toBe('2026-03-02');
    expect(periodStart('2026-03-31T22:30:00Z', 'month', 'Europe/Paris')).toBe('2026-04-01');
    expect(periodStart('2026-03-31T22:30:00Z', 'month', 'UTC')).toBe('2026-03-01');
    // ISO weeks: 1 January 2027 is a Friday, its week starts on Monday 28 December 2026.
    expect(periodOfHour('2027-01-01T10:00', 'week')).toBe('2026-12-28');
    expect(periodOfHour('2026-03-02T00:00', 'week')).toBe('2026-03-02');
    expect(periodOfHour('2026-03-01T23:00', 'week')).toBe('2026-02-23');
  });

  it('steps periods on the wall clock, across months and years', () => {
    expect(nextPeriodStart('2026-12-31T23:00', 'hour')).toBe('2027-01-01T00:00');
    expect(nextPeriodStart('2026-12-01', 'month')).toBe('2027-01-01');
    expect(previousPeriodStart('2026-03-01', 'month')).toBe('2026-02-01');
    expect(previousPeriodStart('2026-03-02', 'week')).toBe('2026-02-23');
  });

  it('finds the instants of local times around the DST changes', () => {
    // Spring: 02:00–03:00 does not exist in Paris on 29 March 2026; its hour is empty.
    expect(localToUtc('2026-03-29T02:00', 'Europe/Paris')).toBe('2026-03-29T01:00:00.000Z');
    expect(localToUtc('2026-03-29T03:00', 'Europe/Paris')).toBe('2026-03-29T01:00:00.000Z');
    // Autumn: 02:00 happens twice on 25 October 2026; the hour row spans both.
    expect(periodBounds('hour', '2026-10-25T02:00', 'Europe/Paris')).toEqual({
      from: '2026-10-25T00:00:00.000Z',
      to: '2026-10-25T02:00:00.000Z',
    });
    expect(periodBounds('day', '2026-03-29', 'Europe/Paris')).toEqual({
      from: '2026-03-28T23:00:00.000Z',
      to: '2026-03-29T22:00:00.000Z', // a 23-hour day
    });
    expect(periodBounds('month', '2026-06-01', 'America/Los_Angeles')).toEqual({
      from: '2026-06-01T07:00:00.000Z',
      to: '2026-07-01T07:00:00.000Z',
    });
    expect(hoursOf('day', '2026-03-29')).toHaveLength(24); // wall-clock names, the missing one included
  });
});
