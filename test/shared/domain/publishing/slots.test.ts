import { describe, expect, it } from 'vitest';
import {
  fromLocal,
  isAmbiguousLocal,
  localDaysBetween,
  toLocal,
  weekdayOf,
} from '../../../../shared/domain/publishing/local-time.ts';
import { nextFreeSlot, type PostingSlots } from '../../../../shared/domain/publishing/slots.ts';

const PARIS = 'Europe/Paris';

describe('local time in Europe/Paris', () => {
  it('turns local times into instants on both sides of the changes', () => {
    expect(fromLocal({ date: '2026-03-28', time: '09:00' }, PARIS, 'skip')!.toISOString()).toBe(
      '2026-03-28T08:00:00.000Z',
    );
    expect(fromLocal({ date: '2026-03-30', time: '09:00' }, PARIS, 'skip')!.toISOString()).toBe(
      '2026-03-30T07:00:00.000Z',
    );
    expect(toLocal('2026-10-25T01:30:00Z', PARIS)).toEqual({ date: '2026-10-25', time: '02:30' });
  });

  it('has no 02:30 on the spring-forward day: skipped, or shifted to 03:30', () => {
    expect(fromLocal({ date: '2026-03-29', time: '02:30' }, PARIS, 'skip')).toBeUndefined();
    expect(fromLocal({ date: '2026-03-29', time: '02:30' }, PARIS, 'shift')!.toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });

  it('has 02:30 twice on the fall-back day: the first one, and both are ambiguous', () => {
    const first = fromLocal({ date: '2026-10-25', time: '02:30' }, PARIS, 'skip')!;
    expect(first.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(isAmbiguousLocal(first, PARIS)).toBe(true);
    expect(isAmbiguousLocal(new Date('2026-10-25T01:30:00Z'), PARIS)).toBe(true);
    expect(isAmbiguousLocal(new Date('2026-10-25T03:30:00Z'), PARIS)).toBe(false);
  });

  it('knows weekdays and the local days of a range', () => {
    expect(weekdayOf('2026-12-01')).toBe('tue');
    expect(weekdayOf('2026-03-29')).toBe('sun');
    // 23:30 UTC on the 1st is already the 2nd in Paris.
    expect(localDaysBetween('2026-12-01T10:00:00Z', '2026-12-01T23:30:01Z', PARIS)).toEqual([
      '2026-12-01',
      '2026-12-02',
    ]);
  });
});

describe('next free slot', () => {
  const slots: PostingSlots = {
    instagram: { mon: ['09:00', '18:30'], sun: ['02:30', '10:00'], sat: ['12:00'] },
    x: { wed: ['08:30'] },
  };

  it('takes the next slot of the weekday in local time', () => {
    // Monday 2026-11-30, 08:00 Paris (07:00 UTC).
    const slot = nextFreeSlot('instagram', new Date('2026-11-30T07:00:00Z'), new Set(), slots, PARIS);
    expect(slot!.toISOString()).toBe('2026-11-30T08:00:00.000Z');
  });

  it('skips taken slots and a full day, then goes on to the next days', () => {
    const taken = new Set(['2026-11-30T08:00:00.000Z', '2026-11-30T17:30:00.000Z']);
    const slot = nextFreeSlot('instagram', new Date('2026-11-30T07:00:00Z'), taken, slots, PARIS);
    expect(slot!.toISOString()).toBe('2026-12-05T11:00:00.000Z'); // Saturday 12:00
  });

  it('goes across weeks when a network posts once a week', () => {
    const taken = new Set(['2026-12-02T07:30:00.000Z', '2026-12-09T07:30:00.000Z']);
    const slot = nextFreeSlot('x', new Date('2026-12-01T07:00:00Z'), taken, slots, PARIS);
    expect(slot!.toISOString()).toBe('2026-12-16T07:30:00.000Z');
  });

  it('skips the slot that does not exist on the spring-forward Sunday', () => {
    const slot = nextFreeSlot('instagram', new Date('2026-03-28T23:00:00Z'), new Set(), slots, PARIS);
    // 02:30 does not exist on 2026-03-29: 10:00 CEST (08:00 UTC) is next.
    expect(slot!.toISOString()).toBe('2026-03-29T08:00:00.000Z');
  });

  it('takes the first 02:30 on the fall-back Sunday, and keeps 10:00 at the new offset', () => {
    const start = new Date('2026-10-24T22:00:00Z');
    expect(nextFreeSlot('instagram', start, new Set(), slots, PARIS)!.toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    const taken = new Set(['2026-10-25T00:30:00.000Z']);
    // The repeated 02:30 (01:30 UTC) is not another slot: 10:00 CET is.
    expect(nextFreeSlot('instagram', start, taken, slots, PARIS)!.toISOString()).toBe(
      '2026-10-25T09:00:00.000Z',
    );
  });

  it('answers undefined without slots for the network, or when the horizon is full', () => {
    expect(
      nextFreeSlot('linkedin', new Date('2026-12-01T07:00:00Z'), new Set(), slots, PARIS),
    ).toBeUndefined();
    const taken = new Set(['2026-12-02T07:30:00.000Z']);
    expect(nextFreeSlot('x', new Date('2026-12-01T07:00:00Z'), taken, slots, PARIS, 6)).toBeUndefined();
  });

  it('compares taken times to the minute, whatever their ISO form', () => {
    const taken = new Set(['2026-11-30T09:00:00+01:00']);
    const slot = nextFreeSlot('instagram', new Date('2026-11-30T07:00:00Z'), taken, slots, PARIS);
    expect(slot!.toISOString()).toBe('2026-11-30T17:30:00.000Z');
  });
});
