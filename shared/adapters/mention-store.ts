import { GetCommand, PutCommand, paginateQuery, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Network } from '../config/client-config.ts';
import { daysBetween, expiresAfterDays, keys } from '../data/table.ts';
import type { BucketCounts, BucketDelta, LabeledMention } from '../domain/crisis/buckets.ts';
import { bucketStartOf } from '../domain/crisis/buckets.ts';
import { isConditionalCheckFailed, type TableRef } from './dynamodb.ts';

/** Outcome of storing one mention. */
export type SaveOutcome =
  | 'new' // stored now, to be counted by this batch
  | 'duplicate' // already stored and counted
  | 'retry-later'; // stored by another batch still in flight: ask the queue to redeliver it

export interface MentionPageQuery {
  from: string;
  to: string;
  network?: Network;
  label?: LabeledMention['label'];
  limit: number;
  cursor?: string;
}

export interface MentionStore {
  /** Mentions in [from, to), oldest first, filtered, at most `limit`; `next` continues the listing. */
  page(query: MentionPageQuery): Promise<{ mentions: LabeledMention[]; next?: string }>;
  save(mention: LabeledMention, batchId: string): Promise<SaveOutcome>;
  /** Adds a batch's counts to its buckets; a batch is applied at most once per bucket. */
  addCounts(deltas: readonly BucketDelta[], batchId: string): Promise<void>;
  countsBetween(from: string, to: string): Promise<BucketDelta[]>;
  mentionsBetween(from: string, to: string, filter?: { network?: Network }): Promise<LabeledMention[]>;
}

export interface MentionStoreOptions {
  retentionDays: number;
  /** A batch that stored a mention but has not counted it after this long is dead: its mentions are adopted. */
  orphanAfterMs: number;
  now?: () => number;
}

interface StoredMentionItem extends LabeledMention {
  batchId: string;
  storedAtMs: number;
}

/**
 * Mentions and their 5-minute counters in DynamoDB. A mention is written once (conditional put);
 * counters are added once per batch per bucket (the batch id is recorded in the bucket item), so a
 * re-delivered mention is never counted twice and a crashed batch's mentions are counted by the retry.
 */
export class DynamoMentionStore implements MentionStore {
  private readonly now: () => number;

  constructor(
    private readonly table: TableRef,
    private readonly options: MentionStoreOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async save(mention: LabeledMention, batchId: string): Promise<SaveOutcome> {
    const key = keys.mention(mention.at, mention.network, mention.id);
    const item: StoredMentionItem & Record<string, unknown> = {
      ...key,
      ...mention,
      batchId,
      storedAtMs: this.now(),
      expiresAt: expiresAfterDays(mention.at, this.options.retentionDays),
      authorKey: mention.author ? keys.authorKey(mention.network, mention.author.handle) : undefined,
    };
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'new';
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      // DynamoDB returns the existing item with the error; dynalite does not, so read it then.
      const existing = (error as { Item?: StoredMentionItem }).Item ?? (await this.read(mention));
      return this.resolveConflict(mention, existing, batchId);
    }
  }

  private async read(mention: LabeledMention): Promise<StoredMentionItem | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.mention(mention.at, mention.network, mention.id),
        ProjectionExpression: 'batchId, storedAtMs',
        ConsistentRead: true,
      }),
    );
    return Item as StoredMentionItem | undefined;
  }

  private async resolveConflict(
    mention: LabeledMention,
    existing: StoredMentionItem | undefined,
    batchId: string,
  ): Promise<SaveOutcome> {
    if (!existing?.batchId) return 'duplicate';
    if (existing.batchId === batchId) return 'new';
    if (await this.batchApplied(mention, existing.batchId)) return 'duplicate';
    if (this.now() - existing.storedAtMs < this.options.orphanAfterMs) return 'retry-later';
    // The batch that stored it died before counting it: adopt the mention so it is counted exactly once.
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.mention(mention.at, mention.network, mention.id),
          UpdateExpression: 'SET batchId = :mine, storedAtMs = :now',
          ConditionExpression: 'batchId = :dead',
          ExpressionAttributeValues: { ':mine': batchId, ':now': this.now(), ':dead': existing.batchId },
        }),
      );
      return 'new';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'retry-later';
      throw error;
    }
  }

  private async batchApplied(mention: LabeledMention, batchId: string): Promise<boolean> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.counts(bucketStartOf(mention.at), mention.network),
        ProjectionExpression: 'batches',
        ConsistentRead: true,
      }),
    );
    const batches = Item?.batches as Set<string> | undefined;
    return batches?.has(batchId) ?? false;
  }

  async addCounts(deltas: readonly BucketDelta[], batchId: string): Promise<void> {
    await Promise.all(
      deltas.map(async (delta) => {
        try {
          await this.table.client.send(
            new UpdateCommand({
              TableName: this.table.tableName,
              Key: keys.counts(delta.bucketStart, delta.network),
              UpdateExpression:
                'ADD #total :total, negative :negative, neutral :neutral, positive :positive, negativeReach :reach, batches :batch SET bucketStart = :start, network = :network, expiresAt = :expires',
              ConditionExpression: 'NOT contains(batches, :batchId)',
              ExpressionAttributeNames: { '#total': 'total' },
              ExpressionAttributeValues: {
                ':total': delta.counts.total,
                ':negative': delta.counts.negative,
                ':neutral': delta.counts.neutral,
                ':positive': delta.counts.positive,
                ':reach': delta.counts.negativeReach,
                ':batch': new Set([batchId]),
                ':batchId': batchId,
                ':start': delta.bucketStart,
                ':network': delta.network,
                ':expires': expiresAfterDays(delta.bucketStart, this.options.retentionDays),
              },
            }),
          );
        } catch (error) {
          if (!isConditionalCheckFailed(error)) throw error; // already applied by this batch: nothing to do
        }
      }),
    );
  }

  async countsBetween(from: string, to: string): Promise<BucketDelta[]> {
    const rows: BucketDelta[] = [];
    for (const day of daysBetween(from, to)) {
      // Buckets that start in [from, to): their sort keys (`<start>#<network>`) sort between the two.
      const items = await this.queryAll(
        keys.countsOfDay(day),
        new Date(from).toISOString(),
        new Date(to).toISOString(),
      );
      for (const item of items) {
        rows.push({
          bucketStart: item.bucketStart as string,
          network: item.network as Network,
          counts: pickCounts(item),
        });
      }
    }
    return rows;
  }

  async mentionsBetween(
    from: string,
    to: string,
    filter: { network?: Network } = {},
  ): Promise<LabeledMention[]> {
    const mentions: LabeledMention[] = [];
    for (const day of daysBetween(from, to)) {
      const items = await this.queryAll(keys.mentionsOfDay(day), new Date(from).toISOString(), to);
      for (const item of items) {
        if (filter.network && item.network !== filter.network) continue;
        mentions.push(toMention(item));
      }
    }
    return mentions;
  }

  async page(query: MentionPageQuery): Promise<{ mentions: LabeledMention[]; next?: string }> {
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    const mentions: LabeledMention[] = [];
    const days = daysBetween(query.from, query.to).filter((day) => !cursor || day >= cursor.day);
    const filters: string[] = [];
    const values: Record<string, unknown> = {};
    if (query.network) {
      filters.push('network = :network');
      values[':network'] = query.network;
    }
    if (query.label) {
      filters.push('label = :label');
      values[':label'] = query.label;
    }
    for (const day of days) {
      let startKey = cursor?.day === day ? cursor.key : undefined;
      do {
        const result = await this.table.client.send(
          new QueryCommand({
            TableName: this.table.tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            FilterExpression: filters.length ? filters.join(' AND ') : undefined,
            ExpressionAttributeValues: {
              ':pk': keys.mentionsOfDay(day),
              ':from': new Date(query.from).toISOString(),
              ':to': new Date(query.to).toISOString(),
              ...values,
            },
            ExclusiveStartKey: startKey,
            Limit: query.limit - mentions.length,
          }),
        );
        mentions.push(...(result.Items ?? []).map(toMention));
        startKey = result.LastEvaluatedKey;
        if (mentions.length >= query.limit) {
          return {
            mentions,
            next: startKey ? encodeCursor({ day, key: startKey }) : nextDayCursor(days, day),
          };
        }
      } while (startKey);
    }
    return { mentions };
  }

  private async queryAll(pk: string, fromSk: string, toSk: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    const pages = paginateQuery(
      { client: this.table.client },
      {
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': pk, ':from': fromSk, ':to': toSk },
      },
    );
    for await (const page of pages) items.push(...(page.Items ?? []));
    return items;
  }
}

function pickCounts(item: Record<string, unknown>): BucketCounts {
  return {
    total: Number(item.total ?? 0),
    negative: Number(item.negative ?? 0),
    neutral: Number(item.neutral ?? 0),
    positive: Number(item.positive ?? 0),
    negativeReach: Number(item.negativeReach ?? 0),
  };
}

function toMention(item: Record<string, unknown>): LabeledMention {
  const { pk, sk, batchId, storedAtMs, expiresAt, authorKey, ...mention } = item;
  return mention as unknown as LabeledMention;
}

interface Cursor {
  day: string;
  key?: Record<string, unknown>;
}

/** An opaque continuation token: where the next page starts (a day partition and a key in it). */
function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export class InvalidCursorError extends Error {}

function decodeCursor(token: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor;
    if (typeof cursor.day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(cursor.day)) throw new Error('bad day');
    // A forged key would start the query in another partition (DynamoDB refuses it: a 500 otherwise).
    const key = cursor.key as Record<string, unknown> | undefined;
    if (
      key !== undefined &&
      (typeof key !== 'object' ||
        key === null ||
        Object.keys(key).sort().join() !== 'pk,sk' ||
        key.pk !== keys.mentionsOfDay(cursor.day) ||
        typeof key.sk !== 'string')
    ) {
      throw new Error('bad key');
    }
    return cursor;
  } catch {
    throw new InvalidCursorError('cursor is not one this API returned');
  }
}

function nextDayCursor(days: string[], day: string): string | undefined {
  const next = days[days.indexOf(day) + 1];
  return next ? encodeCursor({ day: next }) : undefined;
}
