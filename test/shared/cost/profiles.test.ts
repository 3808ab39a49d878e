import { describe, expect, it } from 'vitest';
import type { MeasuredUnits } from '../../../shared/cost/measured.ts';
import { emptyOperations } from '../../../shared/cost/operations.ts';
import { operationsOf, operationsOfReplay, profiles, runsPerMonth } from '../../../shared/cost/profiles.ts';

const perUnit = (writeUnits: number, invocations: Record<string, number>) => ({
  ...emptyOperations(),
  writeUnits,
  invocations,
});
const measured: MeasuredUnits = {
  measuredAt: '2026-12-01T00:00:00Z',
  command: 'test',
  node: 'v20',
  scenarios: [
    {
      name: 'mention, quiet (x)',
      per: 'mention',
      units: 1,
      operations: perUnit(2, { ingest: 1, record: 1 }),
    },
    {
      name: 'mention, storm (50,000 in 48 h)',
      per: 'mention',
      units: 1,
      operations: perUnit(1.25, { ingest: 1 }),
    },
    {
      name: 'publication requested (webhook)',
      per: 'publication',
      units: 1,
      operations: perUnit(1, { ingest: 1 }),
    },
    {
      name: 'event metrics.snapshot.received (alone)',
      per: 'event',
      units: 1,
      operations: perUnit(2, { metrics: 1 }),
    },
    { name: 'scheduled radar, quiet day', per: 'run', units: 1, operations: perUnit(1, { radar: 1 }) },
  ],
};

describe('cost profiles', () => {
  it('counts the runs of a schedule in 30 days', () => {
    expect(runsPerMonth('rate(5 minutes)')).toBe(8_640);
    expect(runsPerMonth('rate(1 hour)')).toBe(720);
    expect(runsPerMonth('cron(0 8 * * ? *)')).toBe(30);
  });

  it('scales each unit of work by the profile, storm mentions at the storm’s batching', () => {
    const month = operationsOf(profiles.storm, measured, [{ id: 'radar', expression: 'rate(5 minutes)' }]);
    const snapshots = profiles.storm.metricsPulls * profiles.storm.postsPerPull;
    expect(month.writeUnits).toBeCloseTo(30_000 * 2 + 50_000 * 1.25 + 150 + snapshots * 2 + 8_640);
    expect(month.invocations.ingest).toBe(30_000 + 50_000 + 150);
    // A pull's snapshots reach the consumer together.
    expect(month.invocations.metrics).toBeCloseTo(profiles.storm.metricsPulls);
    expect(month.busEntries).toBe(snapshots);
  });

  it('says which measurement is missing', () => {
    expect(() => operationsOf(profiles.quiet, { ...measured, scenarios: [] }, [])).toThrow(
      /bench\/units.ts --write/,
    );
  });

  it('scales a replay’s span to 30 days, with the webhook deliveries of its events', () => {
    const replayed = operationsOfReplay(
      { operations: perUnit(10, { f: 2 }), spanDays: 3, events: 5 },
      measured,
      'ingest',
    );
    expect(replayed.writeUnits).toBe(100);
    expect(replayed.invocations.f).toBe(20);
    // Each replayed event arrives by a webhook delivery in AWS (the webhook function's part only).
    expect(replayed.invocations.ingest).toBe(50);
    expect(replayed.invocations.record).toBeUndefined();
  });
});
