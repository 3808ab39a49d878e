import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERIODS } from '../../../../shared/domain/metrics/periods.ts';
import { computeRollups, type KpiRollup, postLifetimes } from '../../../../shared/domain/metrics/rollup.ts';
import { startLocalDynamo } from '../../../../shared/local/dynamo.ts';
import { deliveries, RANGE, TIME_ZONE } from './fixture.ts';
import { rawInputOf } from './fixture-input.ts';
import { type Delivery, playIncremental } from './scenario.ts';

const expected = computeRollups(rawInputOf(deliveries), TIME_ZONE);
const readAt = (delivery: Delivery) =>
  delivery.kind === 'post' || delivery.kind === 'account'
    ? delivery.snapshot.at
    : delivery.kind === 'mentions'
      ? delivery.bucket.bucketStart
      : delivery.arrivesAt;

/** Any delivery order: each item arrives once or more, at any time after it was read. */
const deliverySchedules = fc
  .array(
    fc.record({
      delaysMinutes: fc.array(fc.integer({ min: 1, max: 30 * 60 }), { minLength: 1, maxLength: 3 }),
    }),
    { minLength: deliveries.length, maxLength: deliveries.length },
  )
  .map((plans) =>
    deliveries.flatMap((delivery, index) =>
      plans[index]!.delaysMinutes.map((delay) => ({
        ...delivery,
        arrivesAt: new Date(Date.parse(readAt(delivery)) + delay * 60_000).toISOString(),
      })),
    ),
  );

describe('delivery order and re-deliveries never change the final rollups', () => {
  it('full recompute: shuffled and duplicated snapshots give the same rows and posts', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(deliveries, { minLength: deliveries.length }),
        deliverySchedules,
        (shuffled, again) => {
          const input = rawInputOf([...shuffled, ...again]);
          expect(computeRollups(input, TIME_ZONE)).toEqual(expected);
          expect(postLifetimes(input.snapshots, TIME_ZONE, input.links)).toEqual(
            postLifetimes(rawInputOf(deliveries).snapshots, TIME_ZONE, rawInputOf(deliveries).links),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('incremental (dynalite): any arrival order and duplicates end with the full recompute’s rows', async () => {
    await fc.assert(
      fc.asyncProperty(deliverySchedules, async (schedule) => {
        const dynamo = await startLocalDynamo();
        try {
          const last = schedule.reduce((max, d) => (d.arrivesAt > max ? d.arrivesAt : max), RANGE.to);
          const ports = await playIncremental(dynamo.table, schedule, TIME_ZONE, {
            from: RANGE.from,
            to: last,
            everyHours: 5,
          });
          const rows: KpiRollup[] = [];
          for (const period of PERIODS)
            rows.push(
              ...(await ports.rollups.list({
                period,
                from: '2026-02-01',
                to: '2026-03-31',
                breakdown: 'all',
              })),
            );
          expect(rows).toEqual(expected);
        } finally {
          await dynamo.close();
        }
      }),
      { numRuns: 4 },
    );
  }, 120_000);
});
