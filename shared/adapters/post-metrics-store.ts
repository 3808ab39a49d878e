import { DeleteCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { keys } from '../data/table.ts';
import type { PostLifetime } from '../domain/metrics/rollup.ts';
import type { TableRef } from './dynamodb.ts';
import { batchWrite } from './rollup-store.ts';

/**
 * Port: each post's lifetime metrics, by the local month of its publication. Ranks are not stored
 * (one post's new numbers would move many ranks): `rankPosts` over a month's posts gives them.
 */
export interface PostMetricsStore {
  save(posts: readonly PostLifetime[]): Promise<void>;
  /** Posts published in these local months (`YYYY-MM`). */
  ofMonths(months: readonly string[]): Promise<PostLifetime[]>;
  /** A post that moved to another month (its publication time became known). */
  remove(month: string, network: string, postId: string): Promise<void>;
}

function withoutRank({ rank, ...post }: PostLifetime): PostLifetime {
  return post;
}

export class DynamoPostMetricsStore implements PostMetricsStore {
  constructor(private readonly table: TableRef) {}

  async save(posts: readonly PostLifetime[]): Promise<void> {
    await batchWrite(
      this.table,
      posts.map((post) => ({
        PutRequest: {
          Item: { ...keys.postMetrics(post.month, post.network, post.postId), ...withoutRank(post) },
        },
      })),
    );
  }

  async remove(month: string, network: string, postId: string): Promise<void> {
    await this.table.client.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: keys.postMetrics(month, network, postId) }),
    );
  }

  async ofMonths(months: readonly string[]): Promise<PostLifetime[]> {
    const posts: PostLifetime[] = [];
    for (const month of months) {
      const pages = paginateQuery(
        { client: this.table.client },
        {
          TableName: this.table.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.postMetricsOfMonth(month) },
        },
      );
      for await (const page of pages) {
        for (const { pk, sk, ...post } of page.Items ?? []) posts.push(post as PostLifetime);
      }
    }
    return posts;
  }
}
