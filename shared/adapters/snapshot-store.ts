import { randomUUID } from 'node:crypto';
import {
  DeleteCommand,
  PutCommand,
  paginateQuery,
  paginateScan,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Network } from '../config/client-config.ts';
import { keys } from '../data/table.ts';
import { accountSource, postSource } from '../domain/metrics/rollup.ts';
import type { AccountSnapshot, MetricsSnapshot } from '../events/catalog.ts';
import { isConditionalCheckFailed, type TableRef } from './dynamodb.ts';

/** A post or an account whose snapshots changed, from a local hour on, since the rollup job last looked. */
export interface DirtyMark {
  /** `POST#<network>#<postId>#<local hour>` or `ACCOUNT#<network>#<accountId>#<local hour>`. */
  source: string;
  /** Changes on every re-mark: clearing a mark that was re-marked meanwhile does nothing. */
  mark: string;
}

export interface AccountRef {
  network: Network;
  accountId: string;
}

/**
 * Port: raw metrics snapshots (the source of truth for rollups), each post's and account's latest
 * reading, and the dirty marks that tell the incremental rollup what to recompute.
 */
export interface SnapshotStore {
  /**
   * 'new' or 'duplicate' (the same snapshot id was stored before). Either way the post is marked
   * dirty from `hour`, the local hour of the snapshot's `at`.
   */
  save(snapshot: MetricsSnapshot, hour: string): Promise<'new' | 'duplicate'>;
  saveAccount(snapshot: AccountSnapshot, hour: string): Promise<'new' | 'duplicate'>;
  all(): Promise<MetricsSnapshot[]>;
  allAccounts(): Promise<AccountSnapshot[]>;
  /** A post's snapshots, all of them or those read at or after `from`. */
  ofPost(network: Network, postId: string, from?: string): Promise<MetricsSnapshot[]>;
  /** The accounts that ever sent a snapshot. */
  accounts(): Promise<AccountRef[]>;
  /** An account's snapshots read in [from, to). */
  accountSnapshotsBetween(account: AccountRef, from: string, to: string): Promise<AccountSnapshot[]>;
  /** The latest snapshot read before `at`, or (with `after`) the first read at or after it. */
  accountSnapshotNear(
    account: AccountRef,
    at: string,
    side: 'before' | 'after',
  ): Promise<AccountSnapshot | undefined>;
  markDirty(source: string): Promise<void>;
  dirty(): Promise<DirtyMark[]>;
  /** Clears marks that were not re-marked since they were read. */
  clearDirty(marks: readonly DirtyMark[]): Promise<void>;
}

/** The source of a dirty mark: what changed, and from which local hour (`FROM_START`: everything). */
export const dirtySource = (source: string, hour: string) => `${source}#${hour}`;
export const FROM_START = '0000';

export function parseDirtySource(dirty: string): { source: string; hour: string } {
  const cut = dirty.lastIndexOf('#');
  return { source: dirty.slice(0, cut), hour: dirty.slice(cut + 1) };
}

const ACCOUNTS_PARTITION = 'ACCOUNTS';

export class DynamoSnapshotStore implements SnapshotStore {
  constructor(private readonly table: TableRef) {}

  async save(snapshot: MetricsSnapshot, hour: string): Promise<'new' | 'duplicate'> {
    const outcome = await this.putOnce({
      ...keys.snapshot(snapshot.network, snapshot.postId, snapshot.at, snapshot.id),
      ...snapshot,
    });
    // Also on a duplicate: a retry after a crash between these writes must still get them done.
    await this.keepLatest(keys.postLatest(snapshot.network, snapshot.postId), snapshot.at, {
      counters: snapshot.counters,
      network: snapshot.network,
      postId: snapshot.postId,
    });
    await this.markDirty(dirtySource(postSource(snapshot.network, snapshot.postId), hour));
    return outcome;
  }

  async saveAccount(snapshot: AccountSnapshot, hour: string): Promise<'new' | 'duplicate'> {
    const outcome = await this.putOnce({
      ...keys.accountSnapshot(snapshot.network, snapshot.accountId, snapshot.at, snapshot.id),
      ...snapshot,
    });
    await this.keepLatest(keys.accountLatest(snapshot.network, snapshot.accountId), snapshot.at, {
      followers: snapshot.followers,
      network: snapshot.network,
      accountId: snapshot.accountId,
    });
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          pk: ACCOUNTS_PARTITION,
          sk: `${snapshot.network}#${snapshot.accountId}`,
          network: snapshot.network,
          accountId: snapshot.accountId,
        },
      }),
    );
    await this.markDirty(dirtySource(accountSource(snapshot.network, snapshot.accountId), hour));
    return outcome;
  }

  async all(): Promise<MetricsSnapshot[]> {
    return (await this.scanSnapshots('POST#')) as MetricsSnapshot[];
  }

  async allAccounts(): Promise<AccountSnapshot[]> {
    return (await this.scanSnapshots('ACCOUNT#')) as AccountSnapshot[];
  }

  async ofPost(network: Network, postId: string, from?: string): Promise<MetricsSnapshot[]> {
    const { pk } = keys.postLatest(network, postId);
    const first = from ? `SNAPSHOT#${new Date(from).toISOString()}` : 'SNAPSHOT#';
    return (await this.query(pk, first, 'SNAPSHOT#\uffff')) as MetricsSnapshot[];
  }

  async accounts(): Promise<AccountRef[]> {
    return (await this.query(ACCOUNTS_PARTITION, '', '\uffff')).map((item) => ({
      network: item.network as Network,
      accountId: item.accountId as string,
    }));
  }

  async accountSnapshotsBetween(account: AccountRef, from: string, to: string): Promise<AccountSnapshot[]> {
    const { pk } = keys.accountLatest(account.network, account.accountId);
    // The sort key is `SNAPSHOT#<at>#<id>`: every id of `to` sorts after `SNAPSHOT#<to>`, so [from, to).
    return (
      await this.query(
        pk,
        `SNAPSHOT#${new Date(from).toISOString()}`,
        `SNAPSHOT#${new Date(to).toISOString()}`,
      )
    ).filter((item) => Date.parse(item.at as string) < Date.parse(to)) as AccountSnapshot[];
  }

  async accountSnapshotNear(
    account: AccountRef,
    at: string,
    side: 'before' | 'after',
  ): Promise<AccountSnapshot | undefined> {
    const { pk } = keys.accountLatest(account.network, account.accountId);
    const bound = `SNAPSHOT#${new Date(at).toISOString()}`;
    const result = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression:
          side === 'before'
            ? 'pk = :pk AND sk BETWEEN :first AND :bound'
            : 'pk = :pk AND sk BETWEEN :bound AND :last',
        ExpressionAttributeValues: {
          ':pk': pk,
          ':bound': bound,
          ...(side === 'before' ? { ':first': 'SNAPSHOT#' } : { ':last': 'SNAPSHOT#\uffff' }),
        },
        ScanIndexForward: side === 'after',
        // `SNAPSHOT#<at>#…` of the bound itself sorts after the bound: before = strictly earlier.
        Limit: 1,
      }),
    );
    const item = result.Items?.[0];
    if (!item) return undefined;
    const { pk: _pk, sk: _sk, ...snapshot } = item;
    return snapshot as AccountSnapshot;
  }

  async markDirty(source: string): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...keys.rollupDirty(source), source, mark: randomUUID() },
      }),
    );
  }

  async dirty(): Promise<DirtyMark[]> {
    return (await this.query(keys.rollupDirtyPartition(), '', '\uffff')).map((item) => ({
      source: item.source as string,
      mark: item.mark as string,
    }));
  }

  async clearDirty(marks: readonly DirtyMark[]): Promise<void> {
    for (const { source, mark } of marks) {
      try {
        await this.table.client.send(
          new DeleteCommand({
            TableName: this.table.tableName,
            Key: keys.rollupDirty(source),
            ConditionExpression: 'mark = :mark',
            ExpressionAttributeValues: { ':mark': mark },
          }),
        );
      } catch (error) {
        // Re-marked by a snapshot stored meanwhile: the next run takes it.
        if (!isConditionalCheckFailed(error)) throw error;
      }
    }
  }

  private async putOnce(item: Record<string, unknown>): Promise<'new' | 'duplicate'> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'new';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'duplicate';
      throw error;
    }
  }

  /** Order-safe: an older snapshot arriving late never replaces a newer one. */
  private async keepLatest(
    key: { pk: string; sk: string },
    at: string,
    values: Record<string, unknown>,
  ): Promise<void> {
    const names = Object.keys(values);
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: key,
          UpdateExpression: `SET #at = :at, ${names.map((name) => `#${name} = :${name}`).join(', ')}`,
          ConditionExpression: 'attribute_not_exists(#at) OR #at < :at',
          ExpressionAttributeNames: Object.fromEntries([
            ['#at', 'at'],
            ...names.map((name) => [`#${name}`, name]),
          ]),
          ExpressionAttributeValues: Object.fromEntries([
            [':at', new Date(at).toISOString()],
            ...names.map((name) => [`:${name}`, values[name]]),
          ]),
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  private async query(pk: string, from: string, to: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    const pages = paginateQuery(
      { client: this.table.client },
      {
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
      },
    );
    for await (const page of pages) {
      for (const { pk: _pk, sk: _sk, ...item } of page.Items ?? []) items.push(item);
    }
    return items;
  }

  private async scanSnapshots(prefix: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    const pages = paginateScan(
      { client: this.table.client },
      {
        TableName: this.table.tableName,
        FilterExpression: 'begins_with(pk, :prefix) AND begins_with(sk, :snapshot)',
        ExpressionAttributeValues: { ':prefix': prefix, ':snapshot': 'SNAPSHOT#' },
      },
    );
    for await (const page of pages) {
      for (const { pk: _pk, sk: _sk, ...item } of page.Items ?? []) items.push(item);
    }
    return items;
  }
}
