import { PutCommand, paginateScan, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../data/table.ts';
import type { MetricsSnapshot } from '../events/catalog.ts';
import { isConditionalCheckFailed, type TableRef } from './dynamodb.ts';

/** Port: raw metrics snapshots (the source of truth for rollups) and each post's latest counters. */
export interface SnapshotStore {
  /** 'new' or 'duplicate' (the same snapshot id was stored before). */
  save(snapshot: MetricsSnapshot): Promise<'new' | 'duplicate'>;
  all(): Promise<MetricsSnapshot[]>;
}

export class DynamoSnapshotStore implements SnapshotStore {
  constructor(private readonly table: TableRef) {}

  async save(snapshot: MetricsSnapshot): Promise<'new' | 'duplicate'> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.snapshot(snapshot.network, snapshot.postId, snapshot.at, snapshot.id),
            ...snapshot,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'duplicate';
      throw error;
    }
    try {
      // Order-safe: an older snapshot arriving late never replaces a newer one.
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.postLatest(snapshot.network, snapshot.postId),
          UpdateExpression: 'SET #at = :at, counters = :counters, network = :network, postId = :postId',
          ConditionExpression: 'attribute_not_exists(#at) OR #at < :at',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: {
            ':at': snapshot.at,
            ':counters': snapshot.counters,
            ':network': snapshot.network,
            ':postId': snapshot.postId,
          },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    return 'new';
  }

  async all(): Promise<MetricsSnapshot[]> {
    const snapshots: MetricsSnapshot[] = [];
    const pages = paginateScan(
      { client: this.table.client },
      {
        TableName: this.table.tableName,
        FilterExpression: 'begins_with(sk, :snapshot)',
        ExpressionAttributeValues: { ':snapshot': 'SNAPSHOT#' },
      },
    );
    for await (const page of pages) {
      for (const { pk, sk, ...snapshot } of page.Items ?? []) snapshots.push(snapshot as MetricsSnapshot);
    }
    return snapshots;
  }
}
