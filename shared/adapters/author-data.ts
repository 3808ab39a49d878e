import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { BatchWriteCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { daysBetween, keys } from '../data/table.ts';
import type { TableRef } from './dynamodb.ts';

/** One place holding an author's personal data, found by `vigie forget`. */
export interface AuthorDataItem {
  where: 'table' | 'raw archive';
  /** The item's key (`pk|sk`) or the archived object's key. */
  key: string;
  at?: string;
}

/** Port: finds and erases what Vigie keeps about one author of one network (GDPR erasure). */
export interface AuthorDataStore {
  find(network: string, handle: string): Promise<AuthorDataItem[]>;
  erase(items: readonly AuthorDataItem[]): Promise<number>;
}

/** Senders write handles with or without the leading `@`: both spellings are the same person. */
export function handleSpellings(handle: string): string[] {
  const bare = handle.trim().replace(/^@+/, '');
  return [...new Set([`@${bare}`, bare])];
}

/**
 * The table: the author's mentions, found by `authorKey` in each day partition of the retention
 * window (no index: one would cost a write unit on every mention for a request made a few times a
 * year). Counters are aggregates without personal data and stay.
 */
export class DynamoAuthorData implements AuthorDataStore {
  constructor(
    private readonly table: TableRef,
    /** Mentions expire after this many days (TTL); two more cover TTL's deletion delay. */
    private readonly retentionDays: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async find(network: string, handle: string): Promise<AuthorDataItem[]> {
    const to = this.now().getTime();
    const from = new Date(to - (this.retentionDays + 2) * 86_400_000).toISOString();
    const authorKeys = handleSpellings(handle).map((spelling) => keys.authorKey(network, spelling));
    const found = new Map<string, AuthorDataItem>();
    for (const day of daysBetween(from, new Date(to + 86_400_000).toISOString())) {
      const pages = paginateQuery(
        { client: this.table.client },
        {
          TableName: this.table.tableName,
          KeyConditionExpression: 'pk = :day',
          FilterExpression: 'authorKey IN (:a0, :a1)',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: {
            ':day': keys.mentionsOfDay(day),
            ':a0': authorKeys[0],
            ':a1': authorKeys[1] ?? authorKeys[0],
          },
          ProjectionExpression: 'pk, sk, #at',
        },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          const key = `${item.pk}|${item.sk}`;
          found.set(key, { where: 'table', key, at: item.at as string | undefined });
        }
      }
    }
    return [...found.values()].sort((a, b) => a.key.localeCompare(b.key));
  }

  async erase(items: readonly AuthorDataItem[]): Promise<number> {
    const mine = items.filter((item) => item.where === 'table');
    for (let start = 0; start < mine.length; start += 25) {
      let requests = mine.slice(start, start + 25).map((item) => {
        const [pk, sk] = item.key.split('|');
        return { DeleteRequest: { Key: { pk, sk } } };
      });
      // BatchWrite may leave items unprocessed under load: retried until none is left.
      for (let attempt = 0; requests.length; attempt++) {
        if (attempt > 0)
          await new Promise((resolve) => setTimeout(resolve, Math.min(2 ** attempt * 50, 2000)));
        const result = await this.table.client.send(
          new BatchWriteCommand({ RequestItems: { [this.table.tableName]: requests } }),
        );
        requests = (result.UnprocessedItems?.[this.table.tableName] ?? []) as typeof requests;
      }
    }
    return mine.length;
  }
}

/** True when a raw body names the author (the handle as a JSON string value, either spelling). */
function namesAuthor(rawBody: string, handle: string): boolean {
  const body = rawBody.toLowerCase();
  return handleSpellings(handle.toLowerCase()).some((spelling) => body.includes(JSON.stringify(spelling)));
}

/**
 * The raw webhook archive keeps whole deliveries: one that names the author is erased whole (it may
 * hold other comments; they are copies kept only for `vigie reingest`). Searched over the days the
 * archive keeps (the client's retention + 30 days).
 */
abstract class ArchiveAuthorData implements AuthorDataStore {
  constructor(
    private readonly keepDays: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  protected abstract objectsOfDay(day: string): AsyncIterable<{ key: string; read(): Promise<string> }>;
  protected abstract remove(key: string): Promise<void>;

  async find(_network: string, handle: string): Promise<AuthorDataItem[]> {
    const to = this.now();
    const from = new Date(to.getTime() - (this.keepDays + 1) * 86_400_000);
    const found: AuthorDataItem[] = [];
    for (const day of daysBetween(from.toISOString(), new Date(to.getTime() + 86_400_000).toISOString())) {
      for await (const object of this.objectsOfDay(day)) {
        const delivery = JSON.parse(await object.read()) as { rawBody?: string; receivedAt?: string };
        if (delivery.rawBody && namesAuthor(delivery.rawBody, handle)) {
          found.push({ where: 'raw archive', key: object.key, at: delivery.receivedAt });
        }
      }
    }
    return found;
  }

  async erase(items: readonly AuthorDataItem[]): Promise<number> {
    const mine = items.filter((item) => item.where === 'raw archive');
    for (const item of mine) await this.remove(item.key);
    return mine.length;
  }
}

export class FolderArchiveAuthorData extends ArchiveAuthorData {
  constructor(
    private readonly dir: string,
    keepDays: number,
  ) {
    super(keepDays);
  }

  protected async *objectsOfDay(day: string) {
    let files: string[];
    try {
      files = (await readdir(join(this.dir, 'raw', day))).sort();
    } catch {
      return; // nothing archived that day
    }
    for (const file of files) {
      const key = `raw/${day}/${file}`;
      yield { key, read: () => readFile(join(this.dir, key), 'utf8') };
    }
  }

  protected async remove(key: string): Promise<void> {
    await rm(join(this.dir, key), { force: true });
  }
}

export class S3ArchiveAuthorData extends ArchiveAuthorData {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    keepDays: number,
  ) {
    super(keepDays);
  }

  protected async *objectsOfDay(day: string) {
    for await (const page of paginateListObjectsV2(
      { client: this.client },
      { Bucket: this.bucket, Prefix: `raw/${day}/` },
    )) {
      for (const object of page.Contents ?? []) {
        const key = object.Key!;
        yield {
          key,
          read: async () => {
            const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
            return response.Body!.transformToString();
          },
        };
      }
    }
  }

  protected async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
