import { describe, expect, it } from 'vitest';
import { nextFireTime } from '../../../shared/local/schedule-expression.ts';

const utc = (iso: string) => new Date(iso);

describe('schedule expressions (local scheduler)', () => {
  it('aligns rates on the epoch', () => {
    expect(nextFireTime('rate(5 minutes)', utc('2026-03-01T10:02:10Z'))?.toISOString()).toBe(
      '2026-03-01T10:05:00.000Z',
    );
    expect(nextFireTime('rate(5 minutes)', utc('2026-03-01T10:05:00Z'))?.toISOString()).toBe(
      '2026-03-01T10:10:00.000Z',
    );
    expect(nextFireTime('rate(1 hour)', utc('2026-03-01T10:59:59Z'))?.toISOString()).toBe(
      '2026-03-01T11:00:00.000Z',
    );
    expect(nextFireTime('rate(1 day)', utc('2026-03-01T10:00:00Z'))?.toISOString()).toBe(
      '2026-03-02T00:00:00.000Z',
    );
  });

  it('evaluates cron fields in UTC with EventBridge’s day-of-week numbering (1 = Sunday)', () => {
    // 08:30 on weekdays
    expect(nextFireTime('cron(30 8 ? * MON-FRI *)', utc('2026-03-06T09:00:00Z'))?.toISOString()).toBe(
      '2026-03-09T08:30:00.000Z', // Friday 09:00 → Monday 08:30
    );
    // first day of the month at 06:00
    expect(nextFireTime('cron(0 6 1 * ? *)', utc('2026-03-01T06:00:00Z'))?.toISOString()).toBe(
      '2026-04-01T06:00:00.000Z',
    );
    // every 15 minutes
    expect(nextFireTime('cron(0/15 * * * ? *)', utc('2026-03-01T06:16:00Z'))?.toISOString()).toBe(
      '2026-03-01T06:30:00.000Z',
    );
    expect(nextFireTime('cron(0 12 ? * 1 *)', utc('2026-03-01T12:00:00Z'))?.toISOString()).toBe(
      '2026-03-08T12:00:00.000Z',
    );
  });

  it('fires a one-time schedule once', () => {
    expect(nextFireTime('at(2026-03-01T10:00:00)', utc('2026-03-01T09:00:00Z'))?.toISOString()).toBe(
      '2026-03-01T10:00:00.000Z',
    );
    expect(nextFireTime('at(2026-03-01T10:00:00)', utc('2026-03-01T10:00:00Z'))).toBeUndefined();
  });

  it('rejects what it does not understand', () => {
    expect(() => nextFireTime('every 5 minutes', utc('2026-03-01T00:00:00Z'))).toThrow(
      /unsupported schedule expression/,
    );
    expect(() => nextFireTime('cron(0 6 * *)', utc('2026-03-01T00:00:00Z'))).toThrow(/6 fields/);
  });
});
