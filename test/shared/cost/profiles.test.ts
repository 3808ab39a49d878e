import { describe, expect, it } from 'vitest';
import type { MeasuredUnits } from '../../../shared/cost/measured.ts';
import { emptyOperations } from '../../../shared/cost/operations.ts';
import {
  metricHoursOf,
  operationsOf,
  operationsOfReplay,
  profiles,
  runsPerMonth,
} from '../../../shared/cost/profiles.ts';

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
      // The webhook, its archive queue's consumer, the mention's consumer (its buffer: 1 message).
      operations: {
        ...perUnit(2, { ingest: 1, archive: 1, record: 1 }),
        queuedMessages: 2,
        archivePuts: 1,
      },
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
      ['ingest', 'archive'],
    );
    expect(replayed.writeUnits).toBe(100);
    expect(replayed.invocations.f).toBe(20);
    // Each replayed event arrives by a webhook delivery in AWS (the webhook function's part, and
    // its archive queue's: one message and one archived body per delivery).
    expect(replayed.invocations.ingest).toBe(50);
    expect(replayed.invocations.archive).toBe(50);
    expect(replayed.invocations.record).toBeUndefined();
    expect(replayed.queuedMessages).toBe(50);
    expect(replayed.archivePuts).toBe(50);
  });
});

describe('hours in which each custom metric is published', () => {
  const emitting = (emittedMetrics: Record<string, number>) => ({ ...emptyOperations(), emittedMetrics });
  const timed: MeasuredUnits = {
    ...measured,
    scenarios: [
      { name: 'mention, quiet (x)', per: 'mention', units: 1, operations: emitting({ 'V/r/Received': 1 }) },
      // One publication per batch of 100 storm mentions.
      {
        name: 'mention, storm (50,000)',
        per: 'mention',
        units: 1,
        operations: emitting({ 'V/r/Storm': 0.01 }),
      },
      { name: 'publication requested', per: 'publication', units: 1, operations: emitting({}) },
      { name: 'event metrics.snapshot.received', per: 'event', units: 1, operations: emitting({}) },
      {
        name: 'scheduled radar, quiet day',
        per: 'run',
        units: 1,
        operations: emitting({ 'V/radar/Runs': 1 }),
      },
      {
        name: 'scheduled daily, quiet day',
        per: 'run',
        units: 1,
        operations: emitting({ 'V/daily/Closed': 1 }),
      },
      // Hourly, but something to count once a day.
      {
        name: 'scheduled hourly, quiet day',
        per: 'run',
        units: 1,
        operations: emitting({ 'V/h/Rows': 1 / 24 }),
      },
    ],
  };
  const schedules = [
    { id: 'radar', expression: 'rate(5 minutes)' },
    { id: 'daily', expression: 'cron(0 8 * * ? *)' },
    { id: 'hourly', expression: 'rate(1 hour)' },
  ];

  it('counts a scheduled metric in the hours its runs publish it: every hour, 30 daily runs, once a day', () => {
    const hours = metricHoursOf(profiles.quiet, timed, schedules);
    expect(hours['V/radar/Runs']).toBeCloseTo(720);
    expect(hours['V/daily/Closed']).toBeCloseTo(30);
    expect(hours['V/h/Rows']).toBeCloseTo(30);
  });

  it('counts a per-mention metric in the hours that have mentions, by the profile’s daily activity', () => {
    // 30 days of 17 day hours (weight 1) and 7 night hours (weight 0.15): a Poisson arrival per hour.
    const perWeight = (mentions: number) => mentions / (30 * (17 + 7 * 0.15));
    const expected = (mentions: number) =>
      30 * (17 * (1 - Math.exp(-perWeight(mentions))) + 7 * (1 - Math.exp(-0.15 * perWeight(mentions))));
    expect(metricHoursOf(profiles.quiet, timed, [])['V/r/Received']).toBeCloseTo(expected(2_000));
    expect(Math.round(expected(2_000))).toBe(587); // quiet: many night hours have none
    expect(metricHoursOf(profiles.typical, timed, [])['V/r/Received']).toBeCloseTo(720, 0);
  });

  it('counts a storm-only metric in the storm’s 48 hours, and not at all without a storm', () => {
    expect(metricHoursOf(profiles.storm, timed, [])['V/r/Storm']).toBeCloseTo(48, 1);
    expect(metricHoursOf(profiles.typical, timed, [])['V/r/Storm']).toBeUndefined();
  });

  it('adds what quiet-day runs cannot show: the rollup after hours with data, the pull’s count, the daily close', () => {
    const typical = metricHoursOf(profiles.typical, timed, []);
    expect(typical['Vigie/pullMetrics/PostSnapshotsPulled']).toBeCloseTo(720);
    expect(typical['Vigie/rollupKpis/RollupRowsChanged']).toBeCloseTo(720);
    expect(typical['Vigie/closeKpiDay/RollupRowsChanged']).toBeCloseTo(30);
    const quiet = metricHoursOf(profiles.quiet, timed, []);
    expect(quiet['Vigie/pullMetrics/PostSnapshotsPulled']).toBeUndefined();
    // Rows change after the hours that had mentions.
    expect(quiet['Vigie/rollupKpis/RollupRowsChanged']).toBeCloseTo(quiet['V/r/Received']!);
  });
});
