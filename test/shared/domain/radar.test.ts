import { describe, expect, it } from 'vitest';
import { random } from '../../../bench/lib/synthetic-events.ts';
import {
  type BucketDelta,
  bucketStartOf,
  countByBucket,
  type LabeledMention,
} from '../../../shared/domain/crisis/buckets.ts';
import {
  advanceRadar,
  initialRadarState,
  MAX_EMAILS_BEFORE_RESOLUTION,
  type RadarOptions,
  type RadarState,
} from '../../../shared/domain/crisis/radar.ts';
import type { DomainEvent } from '../../../shared/events/catalog.ts';

const START = Date.parse('2026-03-02T00:00:00Z'); // a Monday
const BUCKET = 300_000;
const DAY_BUCKETS = 288;
const options: RadarOptions = {
  sensitivity: 'balanced',
  timeZone: 'Europe/Paris',
  reminderMinutes: 120,
  acknowledged: true,
};

/** Mentions per hour with a daily rhythm (quiet nights, busy lunch and evenings) and calmer weekends. */
function rhythm(perHour: number, t: number): number {
  const date = new Date(t);
  const hour = (date.getUTCHours() + 1) % 24; // Paris, winter
  const daily = 0.3 + 1.4 * Math.exp(-((hour - 13) ** 2) / 18) + 1.2 * Math.exp(-((hour - 20) ** 2) / 8);
  const weekend = [0, 6].includes(date.getUTCDay()) ? 0.7 : 1;
  return perHour * daily * weekend;
}

function poisson(rand: () => number, mean: number): number {
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(rand)));
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rand(); p > limit; p *= rand()) k += 1;
  return k;
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
}

interface Scenario {
  days: number;
  /** Usual mentions per hour and usual negative share. */
  perHour: number;
  share?: number;
  /** Extra mentions per hour at bucket index i: { negative, other }. */
  extra?: (bucket: number) => { negative: number; other: number };
  /** Buckets with no data at all (a feed down). */
  gap?: (bucket: number) => boolean;
  seed?: number;
  acknowledged?: boolean;
}

/** Runs the radar every 5 minutes over a simulated feed; returns what it emitted. */
function run(scenario: Scenario): { events: DomainEvent[]; state: RadarState } {
  const rand = random(scenario.seed ?? 1);
  let state = initialRadarState();
  const events: DomainEvent[] = [];
  for (let i = 0; i < scenario.days * DAY_BUCKETS; i++) {
    const t = START + i * BUCKET;
    const extra = scenario.extra?.(i) ?? { negative: 0, other: 0 };
    let total = 0;
    let negative = 0;
    if (!scenario.gap?.(i)) {
      const usual = poisson(rand, rhythm(scenario.perHour, t) / 12);
      const usualNegative = Array.from({ length: usual }).filter(
        () => rand() < (scenario.share ?? 0.1),
      ).length;
      const extraNegative = poisson(rand, extra.negative / 12);
      const extraOther = poisson(rand, extra.other / 12);
      total = usual + extraNegative + extraOther;
      negative = usualNegative + extraNegative;
    }
    const bucket: BucketDelta = {
      bucketStart: new Date(t).toISOString(),
      network: 'instagram',
      counts: { total, negative, neutral: total - negative, positive: 0, negativeReach: negative * 300 },
    };
    const result = advanceRadar(state, [bucket], new Date(t + BUCKET).toISOString(), {
      ...options,
      acknowledged: scenario.acknowledged ?? true,
    });
    state = result.state;
    events.push(...result.events);
  }
  return { events, state };
}

const names = (events: DomainEvent[]) => events.map((event) => event.name);
const opened = (events: DomainEvent[]) => events.filter((event) => event.name === 'incidentOpened');
const hours = (h: number) => h * 12;

describe('5-minute buckets', () => {
  it('floors to the bucket and groups per network, one delta per bucket', () => {
    expect(bucketStartOf('2026-03-02T10:07:59.999Z')).toBe('2026-03-02T10:05:00.000Z');
    const mention = (
      id: string,
      at: string,
      label: LabeledMention['label'],
      followers = 0,
    ): LabeledMention => ({
      id,
      at,
      network: 'instagram',
      text: '…',
      author: { handle: `@${id}`, followers },
      label,
      score: 0,
      labelSource: 'builtin',
    });
    expect(
      countByBucket([
        mention('a', '2026-03-02T10:01:00Z', 'negative', 500),
        mention('b', '2026-03-02T10:04:00Z', 'positive', 10_000),
        mention('c', '2026-03-02T10:06:00Z', 'negative', 20),
      ]),
    ).toEqual([
      {
        bucketStart: '2026-03-02T10:00:00.000Z',
        network: 'instagram',
        counts: { total: 2, negative: 1, neutral: 0, positive: 1, negativeReach: 500 },
      },
      {
        bucketStart: '2026-03-02T10:05:00.000Z',
        network: 'instagram',
        counts: { total: 1, negative: 1, neutral: 0, positive: 0, negativeReach: 20 },
      },
    ]);
  });
});

describe('crisis radar: silent when it should be', () => {
  it.each([
    ['a small brand (3/h)', 3],
    ['a medium brand (60/h)', 60],
    ['a large brand (600/h)', 600],
  ])('stays silent for two ordinary weeks of %s, daily and weekly peaks included', (_, perHour) => {
    expect(run({ days: 14, perHour }).events).toEqual([]);
  });

  it('ignores a positive viral spike (volume ×10, negative share down)', () => {
    const viral = (i: number) => ({ negative: 0, other: i >= hours(80) && i < hours(86) ? 600 : 0 });
    expect(run({ days: 5, perHour: 60, extra: viral }).events).toEqual([]);
  });

  it('ignores a neutral campaign launch (volume ×5 at the usual negative share)', () => {
    const campaign = (i: number) =>
      i >= hours(80) && i < hours(92) ? { negative: 24, other: 216 } : { negative: 0, other: 0 };
    expect(run({ days: 5, perHour: 60, extra: campaign }).events).toEqual([]);
  });

  it('ignores a data gap followed by the feed resuming', () => {
    expect(run({ days: 5, perHour: 60, gap: (i) => i >= hours(50) && i < hours(62) }).events).toEqual([]);
  });

  it('does not alert at 1,000 mentions an hour on a 20 % rise of negatives', () => {
    const rise = (i: number) => ({ negative: i >= hours(80) && i < hours(84) ? 20 : 0, other: 0 });
    expect(run({ days: 5, perHour: 1_000, extra: rise }).events).toEqual([]);
  });
});

describe('crisis radar: alerts when it should', () => {
  it('catches a jump from 1 to 6 negative mentions an hour at a small brand', () => {
    // 3 mentions an hour, one of them negative; then 5 more negative ones an hour for two hours.
    const jump = (i: number) => ({ negative: i >= hours(100) && i < hours(102) ? 5 : 0, other: 0 });
    const { events } = run({ days: 6, perHour: 3, share: 0.33, extra: jump });
    expect(opened(events)).toHaveLength(1);
    expect(
      Date.parse(opened(events)[0]!.detail.at as string) - (START + hours(100) * BUCKET),
    ).toBeLessThanOrEqual(2 * 3_600_000);
  });

  it('opens one incident within 15 minutes of a sharp storm, escalates only upward, and resolves it', () => {
    const storm = (i: number) => ({ negative: i >= hours(100) && i < hours(104) ? 300 : 0, other: 0 });
    const { events, state } = run({ days: 6, perHour: 60, extra: storm });
    expect(opened(events)).toHaveLength(1);
    const onset = START + hours(100) * BUCKET;
    expect(Date.parse(opened(events)[0]!.detail.at as string) - onset).toBeLessThanOrEqual(15 * 60_000);
    const severities = events
      .filter((e) => e.name !== 'incidentResolved')
      .map((e) => (e.detail as { severity: string }).severity);
    expect(new Set(severities).size).toBe(severities.length);
    expect(names(events).at(-1)).toBe('incidentResolved');
    expect(events.length - 1).toBeLessThanOrEqual(MAX_EMAILS_BEFORE_RESOLUTION);
    expect(state.incident).toBeUndefined();
  });

  it('detects a slow burn: negativity rising over a day and a half', () => {
    const burn = (i: number) => {
      const start = hours(96);
      if (i < start || i >= start + hours(36)) return { negative: 0, other: 0 };
      return { negative: 2 + ((i - start) / hours(36)) * 10, other: 0 };
    };
    const { events } = run({ days: 7, perHour: 30, extra: burn });
    expect(opened(events)).toHaveLength(1);
    const openedAt = Date.parse(opened(events)[0]!.detail.at as string);
    expect(openedAt).toBeGreaterThan(START + hours(96) * BUCKET);
    expect(openedAt).toBeLessThan(START + hours(96 + 36) * BUCKET);
  });

  it('makes two incidents of two storms days apart', () => {
    const storms = (i: number) => ({
      negative: (i >= hours(100) && i < hours(103)) || (i >= hours(220) && i < hours(223)) ? 200 : 0,
      other: 0,
    });
    const { events } = run({ days: 11, perHour: 60, extra: storms });
    expect(opened(events)).toHaveLength(2);
    expect(names(events).filter((name) => name === 'incidentResolved')).toHaveLength(2);
  });

  it('sends one reminder when nobody acknowledges a long storm, never more than 3 emails before the all-clear', () => {
    // A steady storm: its severity stays the same, so no escalation uses up the emails.
    const long = (i: number) => ({ negative: i >= hours(100) && i < hours(108) ? 20 : 0, other: 0 });
    const unacknowledged = run({ days: 6, perHour: 60, extra: long, acknowledged: false }).events;
    const beforeResolution = unacknowledged.filter((event) => event.name !== 'incidentResolved');
    expect(names(unacknowledged)).toContain('incidentReminder');
    expect(beforeResolution.length).toBeLessThanOrEqual(MAX_EMAILS_BEFORE_RESOLUTION);
    const acknowledged = run({ days: 6, perHour: 60, extra: long, acknowledged: true }).events;
    expect(names(acknowledged)).not.toContain('incidentReminder');
  });

  it('catches up over a gap in the radar’s own runs without inventing events', () => {
    let state = initialRadarState();
    state = advanceRadar(state, [], new Date(START + 3_600_000).toISOString(), options).state;
    const result = advanceRadar(state, [], new Date(START + 7 * 3_600_000).toISOString(), options);
    expect(result.events).toEqual([]);
    expect(result.state.through).toBe(new Date(START + 7 * 3_600_000).toISOString());
    expect(result.state.buckets).toHaveLength(84);
  });
});
