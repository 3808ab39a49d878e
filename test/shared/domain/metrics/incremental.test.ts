import { describe, expect, it } from 'vitest';
import { PERIODS } from '../../../../shared/domain/metrics/periods.ts';
import {
  computeRollups,
  type KpiRollup,
  postLifetimes,
  rankPosts,
} from '../../../../shared/domain/metrics/rollup.ts';
import { startLocalDynamo } from '../../../../shared/local/dynamo.ts';
import { deliveries, RANGE, TIME_ZONE } from './fixture.ts';
import { rawInputOf } from './fixture-input.ts';
import { playIncremental } from './scenario.ts';

async function storedRows(ports: Awaited<ReturnType<typeof playIncremental>>): Promise<KpiRollup[]> {
  const rows: KpiRollup[] = [];
  for (const period of PERIODS)
    rows.push(
      ...(await ports.rollups.list({ period, from: '2026-02-01', to: '2026-03-31', breakdown: 'all' })),
    );
  return rows;
}

describe('the incremental rollup (hourly job and daily close, against dynalite)', () => {
  it('ends with exactly the rows of a full recompute from the raw data, posts and ranks included', async () => {
    const dynamo = await startLocalDynamo();
    try {
      const ports = await playIncremental(dynamo.table, deliveries, TIME_ZONE, RANGE);
      const input = rawInputOf(deliveries);
      expect(await storedRows(ports)).toEqual(computeRollups(input, TIME_ZONE));
      // Ranks are computed when read, over the month's stored posts.
      const stored = rankPosts(await ports.posts.ofMonths(['2026-03']));
      expect(stored).toEqual(postLifetimes(input.snapshots, TIME_ZONE, input.links));
      expect(await ports.snapshots.dirty()).toEqual([]);
    } finally {
      await dynamo.close();
    }
  }, 60_000);

  it('has the open periods up to date after each hourly run, before any close', async () => {
    const dynamo = await startLocalDynamo();
    try {
      // Up to 11:30 UTC on the 2nd: s2, the link, a2 and the late s1 have arrived; the runs saw them.
      const until = '2026-03-02T11:30:00Z';
      const early = deliveries.filter((delivery) => delivery.arrivesAt < until);
      const ports = await playIncremental(dynamo.table, early, TIME_ZONE, { from: RANGE.from, to: until });
      const [day] = await ports.rollups.list({
        period: 'day',
        from: '2026-03-02',
        to: '2026-03-02',
        network: 'instagram',
      });
      expect(day).toMatchObject({
        impressions: 250,
        likes: 22,
        followers: 1010,
        postsPublished: 1,
        mentions: 10,
      });
      const [hour] = await ports.rollups.list({
        period: 'hour',
        from: '2026-03-02T09:00',
        to: '2026-03-02T09:00',
        pillar: 'produit',
      });
      expect(hour).toMatchObject({ network: 'all', impressions: 100, likes: 10 });
    } finally {
      await dynamo.close();
    }
  }, 60_000);
});
