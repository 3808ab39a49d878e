import { GetCommand, PutCommand, paginateScan } from '@aws-sdk/lib-dynamodb';
import type { Network } from '../config/client-config.ts';
import { keys } from '../data/table.ts';
import { type PostLink, postSource } from '../domain/metrics/rollup.ts';
import type { TableRef } from './dynamodb.ts';

/** Port: network post id → the Vigie publication behind it (pillar, campaign, format, publication time). */
export interface PostLinks {
  /** Idempotent: the same link written twice is one link; a later write fills in or replaces fields. */
  put(network: Network, postId: string, link: PostLink): Promise<void>;
  get(network: Network, postId: string): Promise<PostLink | undefined>;
  /** Every link, by `POST#<network>#<postId>` (replay, full recompute). */
  all(): Promise<Map<string, PostLink>>;
}

const LINK_FIELDS = ['publicationId', 'pillar', 'campaign', 'format', 'publishedAt'] as const;

function toLink(item: Record<string, unknown>): PostLink {
  return Object.fromEntries(
    LINK_FIELDS.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]),
  );
}

export class DynamoPostLinks implements PostLinks {
  constructor(private readonly table: TableRef) {}

  async put(network: Network, postId: string, link: PostLink): Promise<void> {
    const previous = await this.get(network, postId);
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...keys.postLink(network, postId), network, postId, ...previous, ...link },
      }),
    );
  }

  async get(network: Network, postId: string): Promise<PostLink | undefined> {
    const result = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.postLink(network, postId) }),
    );
    return result.Item ? toLink(result.Item) : undefined;
  }

  async all(): Promise<Map<string, PostLink>> {
    const links = new Map<string, PostLink>();
    const pages = paginateScan(
      { client: this.table.client },
      {
        TableName: this.table.tableName,
        FilterExpression: 'begins_with(pk, :post) AND sk = :link',
        ExpressionAttributeValues: { ':post': 'POST#', ':link': 'LINK' },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? [])
        links.set(postSource(item.network as string, item.postId as string), toLink(item));
    }
    return links;
  }
}
