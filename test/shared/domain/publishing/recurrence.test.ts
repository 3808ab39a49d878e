import { describe, expect, it } from 'vitest';
import { toLocal } from '../../../../shared/domain/publishing/local-time.ts';
import {
  nextOccurrence,
  occurrences,
  recurrenceSchema,
} from '../../../../shared/domain/publishing/recurrence.ts';

const PARIS = 'Europe/Paris';
const rule = (raw: unknown) => recurrenceSchema.parse(raw);
const local = (dates: Date[]) =>
  dates.map((date) => {
    const l = toLocal(date, PARIS);
    return `${l.date} ${l.time}`;
  });

describe('recurring rules', () => {
  it('keeps "every Monday at 09:00" at 09:00 local across the spring change', () => {
    const weekly = rule({ every: { weekdays: ['mon'] }, time: '09:00', startsOn: '2026-03-16' });
    const found = occurrences(weekly, PARIS, new Date('2026-03-15T00:00:00Z'), 3);
    expect(local(found)).toEqual(['2026-03-16 09:00', '2026-03-23 09:00', '2026-03-30 09:00']);
    expect(found.map((date) => date.toISOString())).toEqual([
      '2026-03-16T08:00:00.000Z',
      '2026-03-23T08:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
  });

  it('keeps "every 2 days at 18:00" local across the autumn change', () => {
    const everyOther = rule({ every: { days: 2 }, time: '18:00', startsOn: '2026-10-23' });
    const found = occurrences(everyOther, PARIS, new Date('2026-10-22T00:00:00Z'), 3);
    expect(local(found)).toEqual(['2026-10-23 18:00', '2026-10-25 18:00', '2026-10-27 18:00']);
    expect(found[1]!.toISOString()).toBe('2026-10-25T17:00:00.000Z');
  });

  it('shifts a time skipped by the spring change instead of dropping the day', () => {
    const daily = rule({ every: { days: 1 }, time: '02:30', startsOn: '2026-03-28' });
    expect(local(occurrences(daily, PARIS, new Date('2026-03-27T12:00:00Z'), 3))).toEqual([
      '2026-03-28 02:30',
      '2026-03-29 03:30',
      '2026-03-30 02:30',
    ]);
  });

  it('stops at the cap and after "until"', () => {
    const capped = rule({ every: { days: 1 }, time: '12:00', startsOn: '2026-12-01', maxOccurrences: 2 });
    expect(occurrences(capped, PARIS, new Date('2026-11-30T00:00:00Z'), 5)).toHaveLength(2);
    expect(
      nextOccurrence(capped, PARIS, new Date('2026-11-30T00:00:00Z'), { occurrences: 2 }),
    ).toBeUndefined();
    const bounded = rule({
      every: { weekdays: ['tue', 'thu'] },
      time: '12:00',
      startsOn: '2026-12-01',
      until: '2026-12-08',
    });
    expect(local(occurrences(bounded, PARIS, new Date('2026-11-30T00:00:00Z'), 5))).toEqual([
      '2026-12-01 12:00',
      '2026-12-03 12:00',
      '2026-12-08 12:00',
    ]);
  });

  it('honours the cooldown between occurrences and after the last post', () => {
    const cooled = rule({
      every: { weekdays: ['mon', 'tue', 'wed'] },
      time: '12:00',
      startsOn: '2026-11-30',
      cooldownDays: 5,
    });
    expect(local(occurrences(cooled, PARIS, new Date('2026-11-29T00:00:00Z'), 3))).toEqual([
      '2026-11-30 12:00',
      '2026-12-07 12:00',
      '2026-12-14 12:00',
    ]);
    const next = nextOccurrence(cooled, PARIS, new Date('2026-11-29T00:00:00Z'), {
      occurrences: 0,
      lastPostedAt: '2026-11-28T10:00:00Z',
    });
    expect(local([next!])).toEqual(['2026-12-07 12:00']);
  });

  it('refuses an "until" before the start, naming the field', () => {
    const result = recurrenceSchema.safeParse({
      every: { days: 1 },
      time: '12:00',
      startsOn: '2026-12-10',
      until: '2026-12-01',
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['until']);
  });
});
