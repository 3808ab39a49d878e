import { describe, expect, it } from 'vitest';
import {
  type BucketDelta,
  bucketStartOf,
  countByBucket,
  type LabeledMention,
} from '../../../shared/domain/crisis/buckets.ts';
import { advanceRadar, initialRadarState, type RadarState } from '../../../shared/domain/crisis/radar.ts';
import type { DomainEvent } from '../../../shared/events/catalog.ts';

const start = Date.parse('2026-03-02T00:00:00Z');
const minutes = (n: number) => new Date(start + n * 60_000).toISOString();

function bucket(minute: number, negative: number, total = negative): BucketDelta {
  return {
    bucketStart: minutes(minute),
    network: 'x',
    counts: { total, negative, neutral: total - negative, positive: 0, negativeReach: negative * 100 },
  };
}

/** Runs the radar every 5 minutes from minute 0 to `until`, with the counts each bucket gets. */
function run(countsAt: (minute: number) => { negative: number; total: number }, until: number) {
  let state: RadarState = initialRadarState();
  const emitted: DomainEvent[] = [];
  for (let minute = 5; minute <= until; minute += 5) {
    const { negative, total } = countsAt(minute - 5);
    const result = advanceRadar(state, [bucket(minute - 5, negative, total)], minutes(minute), 'balanced');
    state = result.state;
    emitted.push(...result.events);
  }
  return { state, emitted };
}

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
    const deltas = countByBucket([
      mention('a', '2026-03-02T10:01:00Z', 'negative', 500),
      mention('b', '2026-03-02T10:04:00Z', 'positive', 10_000),
      mention('c', '2026-03-02T10:06:00Z', 'negative', 20),
    ]);
    expect(deltas).toEqual([
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

describe('crisis radar (first version)', () => {
  it('stays silent on an ordinary day', () => {
    const { emitted } = run((minute) => ({ negative: minute % 30 === 0 ? 1 : 0, total: 4 }), 24 * 60);
    expect(emitted).toEqual([]);
  });

  it('opens one incident for a storm, then resolves it after an hour of calm', () => {
    const storm = (minute: number) => minute >= 600 && minute < 720;
    const { emitted, state } = run(
      (minute) => (storm(minute) ? { negative: 8, total: 10 } : { negative: 0, total: 3 }),
      16 * 60,
    );
    const names = emitted.map((event) => event.name);
    expect(names[0]).toBe('incidentOpened');
    expect(names.filter((name) => name === 'incidentOpened')).toHaveLength(1);
    expect(names.at(-1)).toBe('incidentResolved');
    expect(names.length).toBeLessThanOrEqual(4); // opened, at most two escalations, resolved
    const opened = emitted[0]!.detail as { at: string; negativePerHour: number };
    // The storm starts at minute 600 with 8 negative mentions out of 10 per 5 minutes. After two buckets
    // the balanced minimum (10/h) is met but the hour's negative share is 16/50 = 32 % (< 40 %);
    // after three it is 24/57 = 42 %: the incident opens at minute 615.
    expect(opened.at).toBe(minutes(615));
    expect(opened.negativePerHour).toBe(24);
    expect(state.incident).toBeUndefined();
  });

  it('does not open an incident for a positive viral spike', () => {
    const { emitted } = run(
      (minute) => (minute >= 300 && minute < 420 ? { negative: 2, total: 200 } : { negative: 0, total: 3 }),
      10 * 60,
    );
    expect(emitted).toEqual([]);
  });

  it('escalates only when the severity rises', () => {
    const { emitted } = run(
      (minute) =>
        minute < 300
          ? { negative: 0, total: 2 }
          : minute < 360
            ? { negative: 3, total: 3 }
            : { negative: 40, total: 45 },
      7 * 60,
    );
    const severities = emitted
      .filter((e) => e.name !== 'incidentResolved')
      .map((e) => (e.detail as { severity: string }).severity);
    expect(severities[0]).toBe('minor');
    expect(new Set(severities).size).toBe(severities.length); // never the same severity twice
    expect(severities.at(-1)).toBe('critical');
  });

  it('catches up over a gap without inventing events', () => {
    let state = initialRadarState();
    state = advanceRadar(state, [], minutes(60), 'balanced').state;
    const result = advanceRadar(state, [], minutes(60 + 6 * 60), 'balanced');
    expect(result.events).toEqual([]);
    expect(result.state.through).toBe(minutes(420));
    expect(result.state.window).toHaveLength(12);
  });
});
