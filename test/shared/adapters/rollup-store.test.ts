import { describe, expect, it } from 'vitest';
import { DynamoRollupStore } from '../../../shared/adapters/rollup-store.ts';
import { computeKpis, zeroCounters } from '../../../shared/domain/metrics/kpis.ts';
import type { KpiRollup, RollupKey } from '../../../shared/domain/metrics/rollup.ts';
import { useLocalTable } from './local-table.ts';

const local = useLocalTable();

function row(key: RollupKey, likes: number): KpiRollup {
  return {
    ...key,
    ...computeKpis({
      counters: { ...zeroCounters(), likes, reach: 100 },
      profileViews: 0,
      postsPublished: 0,
      mentions: { total: 0, negative: 0, neutral: 0, positive: 0 },
      brandMentions: 0,
      competitorMentions: 0,
      followers: null,
      followersAtStart: null,
      responseTimesMinutes: [],
    }),
  };
}

describe('DynamoRollupStore', () => {
  it('lists rows of a period between two starts, across partitions, by network, pillar and campaign', async () => {
    const store = new DynamoRollupStore(local.current.table);
    await store.save([
      row({ period: 'day', start: '2026-02-28', network: 'all' }, 1),
      row({ period: 'day', start: '2026-03-01', network: 'all' }, 2),
      row({ period: 'day', start: '2026-03-01', network: 'instagram' }, 3),
      row({ period: 'day', start: '2026-03-01', network: 'instagram', pillar: 'produit' }, 4),
      row({ period: 'day', start: '2026-03-01', network: 'all', campaign: 'printemps' }, 5),
      row({ period: 'day', start: '2026-04-01', network: 'all' }, 6),
      row({ period: 'month', start: '2026-03-01', network: 'all' }, 7),
      row({ period: 'hour', start: '2026-03-01T10:00', network: 'all' }, 8),
    ]);
    const likes = (rows: KpiRollup[]) => rows.map((r) => r.likes);
    expect(likes(await store.list({ period: 'day', from: '2026-02-28', to: '2026-03-31' }))).toEqual([
      1, 2, 3,
    ]);
    expect(
      likes(await store.list({ period: 'day', from: '2026-03-01', to: '2026-04-01', network: 'all' })),
    ).toEqual([2, 6]);
    expect(
      likes(await store.list({ period: 'day', from: '2026-03-01', to: '2026-03-01', pillar: 'produit' })),
    ).toEqual([4]);
    expect(
      likes(await store.list({ period: 'day', from: '2026-03-01', to: '2026-03-01', breakdown: 'campaign' })),
    ).toEqual([5]);
    expect(likes(await store.list({ period: 'month', from: '2026-01-01', to: '2026-12-31' }))).toEqual([7]);
    // An hour's start sorts after its date: `to` as a date includes that day's hours.
    expect(likes(await store.list({ period: 'hour', from: '2026-03-01', to: '2026-03-01' }))).toEqual([8]);
    const [stored] = await store.list({
      period: 'day',
      from: '2026-03-01',
      to: '2026-03-01',
      pillar: 'produit',
    });
    expect(stored).toEqual(
      row({ period: 'day', start: '2026-03-01', network: 'instagram', pillar: 'produit' }, 4),
    );
  });

  it('replaces a period’s rows: unchanged rows are not rewritten, vanished rows are deleted', async () => {
    const store = new DynamoRollupStore(local.current.table);
    const start = '2026-05-04';
    const first = [
      row({ period: 'week', start, network: 'all' }, 10),
      row({ period: 'week', start, network: 'all', pillar: 'coulisses' }, 4),
    ];
    expect(await store.replace('week', [start], first)).toBe(2);
    expect(await store.replace('week', [start], first)).toBe(0);
    // The post moved to another pillar: the old pillar's row goes, the new one comes.
    const second = [first[0]!, row({ period: 'week', start, network: 'all', pillar: 'produit' }, 4)];
    expect(await store.replace('week', [start], second)).toBe(2);
    const listed = await store.list({ period: 'week', from: start, to: start, breakdown: 'pillar' });
    expect(listed.map((r) => r.pillar)).toEqual(['produit']);
  });
});
