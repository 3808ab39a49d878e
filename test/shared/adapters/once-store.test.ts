import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoOnceStore } from '../../../shared/adapters/once-store.ts';
import { keys } from '../../../shared/data/table.ts';
import { useLocalTable } from './local-table.ts';

const dynamo = useLocalTable();

describe('once store', () => {
  it('lets a crashed attempt be claimed again, and a done one never', async () => {
    const store = new DynamoOnceStore(dynamo.current.table);
    const key = keys.monthlyReport('2026-03');
    expect(await store.claim(key, '2026-04-01T06:05:00Z')).toBe('claimed');
    // The first attempt died before markDone: the next one takes it over.
    expect(await store.claim(key, '2026-04-01T07:05:00Z')).toBe('claimed');
    await store.markDone(key);
    expect(await store.claim(key, '2026-04-01T08:05:00Z')).toBe('done');

    const { table } = dynamo.current;
    const { Item } = await table.client.send(new GetCommand({ TableName: table.tableName, Key: key }));
    expect(Item).toEqual({ pk: 'REPORT#2026-03', sk: 'MONTHLY', at: '2026-04-01T07:05:00Z', status: 'done' });
  });

  it('keeps a crossing record with its expiry', async () => {
    const store = new DynamoOnceStore(dynamo.current.table);
    const key = keys.worryLineCrossing('kpi.threshold#negativeShare#all#day#2026-03-02T00:00:00+01:00');
    expect(await store.claim(key, '2026-03-02T23:00:00.000Z', 1_807_000_000)).toBe('claimed');
    const { table } = dynamo.current;
    const { Item } = await table.client.send(new GetCommand({ TableName: table.tableName, Key: key }));
    expect(Item).toMatchObject({
      pk: 'CROSSING#kpi.threshold#negativeShare#all#day#2026-03-02T00:00:00+01:00',
      status: 'pending',
      expiresAt: 1_807_000_000,
    });
  });
});
