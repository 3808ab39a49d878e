import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoMentionStore } from '../../../shared/adapters/mention-store.ts';
import { keys } from '../../../shared/data/table.ts';
import { countByBucket, type LabeledMention } from '../../../shared/domain/crisis/buckets.ts';
import { useLocalTable } from './local-table.ts';

const dynamo = useLocalTable();

let sequence = 0;
function mention(label: LabeledMention['label'], at = '2026-03-02T10:01:00Z'): LabeledMention {
  sequence += 1;
  return {
    id: `m${sequence}`,
    at,
    network: 'x',
    text: 'texte',
    author: { handle: `@a${sequence}`, followers: 100 },
    label,
    score: label === 'negative' ? -0.8 : 0.5,
    labelSource: 'builtin',
  };
}

async function record(store: DynamoMentionStore, mentions: LabeledMention[], batchId: string) {
  const outcomes = [];
  const fresh = [];
  for (const m of mentions) {
    const outcome = await store.save(m, batchId);
    outcomes.push(outcome);
    if (outcome === 'new') fresh.push(m);
  }
  await store.addCounts(countByBucket(fresh), batchId);
  return outcomes;
}

describe('DynamoMentionStore (dynalite, real SDK)', () => {
  const storeWith = (now: () => number, orphanAfterMs = 60_000) =>
    new DynamoMentionStore(dynamo.current.table, { retentionDays: 90, orphanAfterMs, now });

  it('stores a mention once and counts it once when re-delivered', async () => {
    const store = storeWith(Date.now);
    const batch = [mention('negative', '2026-03-03T10:01:00Z'), mention('positive', '2026-03-03T10:02:00Z')];
    expect(await record(store, batch, 'b1')).toEqual(['new', 'new']);
    expect(await record(store, batch, 'b2')).toEqual(['duplicate', 'duplicate']);
    const counts = await store.countsBetween('2026-03-03T10:00:00Z', '2026-03-03T10:05:00Z');
    expect(counts).toEqual([
      {
        bucketStart: '2026-03-03T10:00:00.000Z',
        network: 'x',
        counts: { total: 2, negative: 1, neutral: 0, positive: 1, negativeReach: 100 },
      },
    ]);
    const stored = await store.mentionsBetween('2026-03-03T00:00:00Z', '2026-03-04T00:00:00Z');
    expect(stored.map((m) => m.id)).toEqual(batch.map((m) => m.id));
    expect(stored[0]).toEqual(batch[0]);
  });

  it('applies a batch’s counts once even if addCounts runs twice (Lambda retry of the same batch)', async () => {
    const store = storeWith(Date.now);
    const batch = [mention('negative', '2026-03-04T10:01:00Z')];
    await record(store, batch, 'b3');
    await store.addCounts(countByBucket(batch), 'b3');
    const [row] = await store.countsBetween('2026-03-04T10:00:00Z', '2026-03-04T10:05:00Z');
    expect(row!.counts.total).toBe(1);
  });

  it('sets the TTL from the client’s retention', async () => {
    const store = storeWith(Date.now);
    const m = mention('neutral', '2026-03-05T10:00:00Z');
    await store.save(m, 'b4');
    const { Item } = await dynamo.current.table.client.send(
      new GetCommand({
        TableName: dynamo.current.table.tableName,
        Key: keys.mention(m.at, m.network, m.id),
      }),
    );
    expect(Item!.expiresAt).toBe(Date.parse('2026-03-05T10:00:00Z') / 1000 + 90 * 86_400);
    expect(Item!.authorKey).toBe(`AUTHOR#x#${m.author!.handle}`);
  });

  it('leaves a mention held by a live batch for later, and adopts it once that batch is dead', async () => {
    let now = 1_000_000;
    const store = storeWith(() => now, 60_000);
    const m = mention('negative', '2026-03-06T10:01:00Z');
    // Batch "crashed" stored the mention but died before counting it.
    expect(await store.save(m, 'crashed')).toBe('new');
    // A redelivery shortly after: the first batch may still be running.
    now += 1_000;
    expect(await store.save(m, 'retry-1')).toBe('retry-later');
    // Much later: the first batch is dead, the retry adopts and counts the mention.
    now += 120_000;
    expect(await record(store, [m], 'retry-2')).toEqual(['new']);
    // Any further redelivery is a plain duplicate.
    expect(await record(store, [m], 'retry-3')).toEqual(['duplicate']);
    const [row] = await store.countsBetween('2026-03-06T10:00:00Z', '2026-03-06T10:05:00Z');
    expect(row!.counts).toMatchObject({ total: 1, negative: 1 });
  });

  it('does not let a second batch adopt an orphan that was just adopted', async () => {
    let now = 5_000_000;
    const store = storeWith(() => now, 60_000);
    const m = mention('negative', '2026-03-07T10:01:00Z');
    await store.save(m, 'crashed');
    now += 120_000;
    expect(await store.save(m, 'adopter')).toBe('new');
    // The adopter has not counted it yet: a concurrent redelivery must wait, not count it too.
    expect(await store.save(m, 'concurrent')).toBe('retry-later');
    const { Item } = await dynamo.current.table.client.send(
      new GetCommand({ TableName: dynamo.current.table.tableName, Key: keys.mention(m.at, m.network, m.id) }),
    );
    expect(Item).toMatchObject({ batchId: 'adopter', storedAtMs: now });
  });
});
