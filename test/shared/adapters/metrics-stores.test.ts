import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoContributionStore } from '../../../shared/adapters/contribution-store.ts';
import { DynamoPostLinks } from '../../../shared/adapters/post-links.ts';
import { DynamoSnapshotStore } from '../../../shared/adapters/snapshot-store.ts';
import { keys } from '../../../shared/data/table.ts';
import type { Contribution } from '../../../shared/domain/metrics/rollup.ts';
import type { MetricsSnapshot } from '../../../shared/events/catalog.ts';
import { useLocalTable } from './local-table.ts';

const local = useLocalTable();

const snapshot = (id: string, at: string, likes: number): MetricsSnapshot => ({
  id,
  at,
  network: 'tiktok',
  postId: 'v-1',
  counters: { likes },
});

describe('DynamoSnapshotStore', () => {
  it('stores a snapshot once, keeps the newest as latest whatever the order, and marks the post dirty', async () => {
    const store = new DynamoSnapshotStore(local.current.table);
    expect(await store.save(snapshot('b', '2026-03-02T12:00:00Z', 20), '2026-03-02T13:00')).toBe('new');
    expect(await store.save(snapshot('b', '2026-03-02T12:00:00Z', 20), '2026-03-02T13:00')).toBe('duplicate');
    expect(await store.save(snapshot('a', '2026-03-02T11:00:00Z', 10), '2026-03-02T12:00')).toBe('new');
    expect((await store.ofPost('tiktok', 'v-1')).map((s) => s.id)).toEqual(['a', 'b']);
    expect((await store.ofPost('tiktok', 'v-1', '2026-03-02T11:30:00Z')).map((s) => s.id)).toEqual(['b']);
    const { Item } = await local.current.table.client.send(
      new GetCommand({
        TableName: local.current.table.tableName,
        Key: keys.postLatest('tiktok', 'v-1'),
      }),
    );
    expect(Item).toMatchObject({ at: '2026-03-02T12:00:00.000Z', counters: { likes: 20 } });
    const marks = await store.dirty();
    expect(marks.map((mark) => mark.source).sort()).toEqual([
      'POST#tiktok#v-1#2026-03-02T12:00',
      'POST#tiktok#v-1#2026-03-02T13:00',
    ]);
  });

  it('clears only the marks that were not marked again since they were read', async () => {
    const store = new DynamoSnapshotStore(local.current.table);
    const read = await store.dirty();
    await store.markDirty('POST#tiktok#v-1#2026-03-02T13:00'); // a snapshot stored meanwhile
    await store.clearDirty(read);
    expect((await store.dirty()).map((mark) => mark.source)).toEqual(['POST#tiktok#v-1#2026-03-02T13:00']);
  });

  it('finds the account reading before or after an instant', async () => {
    const store = new DynamoSnapshotStore(local.current.table);
    const account = { network: 'tiktok' as const, accountId: 'brand' };
    for (const [id, at, followers] of [
      ['f1', '2026-03-02T08:00:00Z', 100],
      ['f2', '2026-03-02T09:00:00Z', 110],
    ] as const)
      await store.saveAccount(
        { id, at, network: 'tiktok', accountId: 'brand', followers },
        '2026-03-02T10:00',
      );
    expect((await store.accountSnapshotNear(account, '2026-03-02T09:00:00Z', 'before'))?.id).toBe('f1');
    expect((await store.accountSnapshotNear(account, '2026-03-02T09:00:00Z', 'after'))?.id).toBe('f2');
    expect(await store.accountSnapshotNear(account, '2026-03-02T08:00:00Z', 'before')).toBeUndefined();
    expect(
      (await store.accountSnapshotsBetween(account, '2026-03-02T08:00:00Z', '2026-03-02T09:00:00Z')).map(
        (s) => s.id,
      ),
    ).toEqual(['f1']);
    expect(await store.accounts()).toEqual([account]);
  });
});

describe('DynamoContributionStore', () => {
  it('writes only what changed, deletes what is gone, and reads a source’s last contribution before an hour', async () => {
    const store = new DynamoContributionStore(local.current.table);
    const source = 'POST#x#t-1';
    const at = (hour: string, likes: number): Contribution => ({
      hour,
      source,
      network: 'x',
      values: { likes },
    });
    expect(
      await store.replaceSources([
        { source, previous: [], next: [at('2026-03-02T10:00', 1), at('2026-03-02T11:00', 2)] },
      ]),
    ).toEqual(['2026-03-02T10:00', '2026-03-02T11:00']);
    const previous = await store.ofSource(source);
    expect(
      await store.replaceSources([
        { source, previous, next: [at('2026-03-02T10:00', 1), at('2026-03-02T12:00', 5)] },
      ]),
    ).toEqual(['2026-03-02T12:00', '2026-03-02T11:00']);
    expect((await store.ofHour('2026-03-02T11:00')).length).toBe(0);
    expect((await store.ofHour('2026-03-02T12:00'))[0]).toMatchObject({ source, values: { likes: 5 } });
    expect((await store.lastBefore(source, '2026-03-02T12:00'))?.hour).toBe('2026-03-02T10:00');
  });
});

describe('DynamoPostLinks', () => {
  it('keeps one link per post, later writes filling in fields', async () => {
    const links = new DynamoPostLinks(local.current.table);
    await links.put('instagram', 'ig-1', { publicationId: 'pub-1', publishedAt: '2026-03-02T08:00:00Z' });
    await links.put('instagram', 'ig-1', { pillar: 'produit' });
    await links.put('instagram', 'ig-1', { pillar: 'produit' });
    expect(await links.get('instagram', 'ig-1')).toEqual({
      publicationId: 'pub-1',
      pillar: 'produit',
      publishedAt: '2026-03-02T08:00:00Z',
    });
    expect([...(await links.all()).keys()]).toEqual(['POST#instagram#ig-1']);
  });
});
