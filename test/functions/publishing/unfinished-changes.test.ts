import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { UNFINISHED_GRACE_MS } from '../../../functions/publishing/finish-publication-changes/app.ts';
import { keys } from '../../../shared/data/table.ts';
import { useLocalTable } from '../../shared/adapters/local-table.ts';
import { exampleConfig, queueOn } from './queue-fixture.ts';

const dynamo = useLocalTable();
const request = {
  text: 'Les soldes commencent',
  networks: ['instagram' as const, 'facebook' as const],
  scheduledFor: '2027-01-05T10:00:00+01:00',
};
const ana = { actor: 'ana', via: 'api' };
const everything = '9999';
const noApproval = () => exampleConfig({ requireApproval: false });
const at = '2027-01-04T08:00:00Z';
/** A request of its own per test (the table is shared, and the same text the same day is a duplicate). */
const requestOf = (publicationId: string) => ({
  ...request,
  publicationId,
  text: `${request.text} (${publicationId})`,
});

/** Makes a port's method refuse until the returned function gives it back. */
function refuse<Port extends object>(port: Port, method: keyof Port & string, message: string): () => void {
  const original = (port as Record<string, unknown>)[method];
  (port as Record<string, unknown>)[method] = async () => {
    throw new Error(message);
  };
  return () => {
    (port as Record<string, unknown>)[method] = original;
  };
}

describe('a change saved but not finished', () => {
  it('a crash before its schedules: the re-delivered request sets them and publishes its events once', async () => {
    const { queue, store, scheduler, events } = queueOn(dynamo.current, noApproval(), at);
    const restore = refuse(scheduler, 'upsert', 'ThrottlingException: Rate exceeded');
    await expect(queue.create(requestOf('soldes-1'), ana)).rejects.toThrow('Rate exceeded');
    const saved = await store.read('soldes-1');
    expect(saved?.publication.state).toBe('approved');
    expect(saved?.unfinished?.events.map((event) => event.name)).toContain('publicationScheduled');
    expect(events.names()).toEqual([]);

    restore();
    expect((await queue.create(requestOf('soldes-1'), ana)).kind).toBe('exists');
    expect(scheduler.of({ kind: 'publish', publicationId: 'soldes-1', network: 'instagram' })).toBe(
      '2027-01-05T09:00:00.000Z',
    );
    expect(scheduler.of({ kind: 'publish', publicationId: 'soldes-1', network: 'facebook' })).toBe(
      '2027-01-05T09:00:00.000Z',
    );
    expect(events.names().filter((name) => name === 'publicationScheduled')).toHaveLength(2);
    expect((await store.read('soldes-1'))?.unfinished).toBeUndefined();
    expect(await store.unfinishedChanges(everything)).toEqual([]);

    // Finished: a third delivery publishes nothing more.
    const published = events.events.length;
    expect((await queue.create(requestOf('soldes-1'), ana)).kind).toBe('exists');
    expect(events.events.length).toBe(published);
  });

  it('the bus refused the events of an approval: the sweep publishes them once the grace is over', async () => {
    const { queue, store, scheduler, events, clock } = queueOn(
      dynamo.current,
      exampleConfig({ requireApproval: true, reviewers: ['comms-director@example.com'] }),
      '2027-01-04T08:00:00Z',
    );
    expect((await queue.create(requestOf('soldes-2'), ana)).kind).toBe('created');
    events.clear();
    const restore = refuse(events, 'publish', 'EventBridge refused 3 of 3 entries');
    await expect(
      queue.approve('soldes-2', { actor: 'comms-director@example.com', via: 'api' }),
    ).rejects.toThrow('refused');
    restore();
    expect((await store.read('soldes-2'))?.publication.state).toBe('approved');

    clock.now = new Date(clock.now.getTime() + UNFINISHED_GRACE_MS - 1_000);
    expect(await queue.finishUnfinishedChanges(UNFINISHED_GRACE_MS)).toBe(0);
    expect(events.names()).toEqual([]);

    clock.now = new Date(clock.now.getTime() + 2_000);
    expect(await queue.finishUnfinishedChanges(UNFINISHED_GRACE_MS)).toBe(1);
    expect(events.names().filter((name) => name === 'publicationScheduled')).toHaveLength(2);
    expect(events.names()).toContain('publicationStateChanged');
    expect(scheduler.of({ kind: 'publish', publicationId: 'soldes-2', network: 'instagram' })).toBe(
      '2027-01-05T09:00:00.000Z',
    );
    expect(await store.unfinishedChanges(everything)).toEqual([]);
    expect(await queue.finishUnfinishedChanges(UNFINISHED_GRACE_MS)).toBe(0);
    expect(events.names().filter((name) => name === 'publicationScheduled')).toHaveLength(2);
  });

  it('a change left unfinished is finished by the next change, its events before the new ones', async () => {
    const { queue, store, scheduler, events } = queueOn(dynamo.current, noApproval(), at);
    const restore = refuse(scheduler, 'upsert', 'socket hang up');
    await expect(queue.create(requestOf('soldes-3'), ana)).rejects.toThrow('socket hang up');
    restore();
    expect((await queue.cancel('soldes-3', ana, 'plus de stock')).kind).toBe('changed');
    const names = events.names();
    expect(names.lastIndexOf('publicationScheduled')).toBeLessThan(
      names.lastIndexOf('publicationStateChanged'),
    );
    expect(events.events.at(-1)?.detail).toMatchObject({ to: 'cancelled' });
    expect(
      scheduler.of({ kind: 'publish', publicationId: 'soldes-3', network: 'instagram' }),
    ).toBeUndefined();
    expect((await store.read('soldes-3'))?.unfinished).toBeUndefined();
    expect(await store.unfinishedChanges(everything)).toEqual([]);
  });

  it('nothing is left to sweep after a change that finished, and a marker without its save is removed', async () => {
    const { queue, store, clock } = queueOn(dynamo.current, noApproval(), at);
    expect((await queue.create(requestOf('soldes-4'), ana)).kind).toBe('created');
    expect(await store.unfinishedChanges(everything)).toEqual([]);
    // A save that lost the race for version 2 (its marker written, its publication item refused).
    const { client, tableName } = dynamo.current.table;
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.unfinishedChange('soldes-4'), version: 2, since: '2027-01-04T08:00:00.000Z' },
      }),
    );
    expect(await store.unfinishedChanges(everything)).toEqual([{ publicationId: 'soldes-4', version: 2 }]);
    clock.now = new Date('2027-01-04T09:00:00Z');
    expect(await queue.finishUnfinishedChanges(UNFINISHED_GRACE_MS)).toBe(0);
    expect(await store.unfinishedChanges(everything)).toEqual([]);
    expect((await store.get('soldes-4'))?.version).toBe(1);
  });
});
