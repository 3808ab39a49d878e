import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import { daysBetween } from '../data/table.ts';

/** An accepted webhook delivery as received: what `vigie reingest` re-derives events from after a fix. */
export interface ArchivedDelivery {
  source: string;
  deliveryId: string;
  receivedAt: string;
  /** The request's query (tokens of URL-authenticated sources are not kept). */
  query: Record<string, string | undefined>;
  rawBody: string;
}

/** Port: where an accepted delivery is written (the archive itself, or the queue in front of it). */
export interface RawArchiveWriter {
  put(delivery: ArchivedDelivery): Promise<void>;
}

/** Port: raw accepted bodies, by day. S3 in AWS (with a lifecycle rule), a folder locally. */
export interface RawArchive extends RawArchiveWriter {
  /** Deliveries received in [from, to), oldest first. */
  list(from: string, to: string): AsyncIterable<ArchivedDelivery>;
}

/**
 * `raw/<yyyy-mm-dd>/<received at>_<source>_<delivery id>.json`: a day is one prefix. A function of
 * the delivery only, so writing it again (a re-delivered queue message) rewrites the same object.
 */
function keyOf(delivery: ArchivedDelivery): string {
  const safeId = delivery.deliveryId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 200);
  return `raw/${delivery.receivedAt.slice(0, 10)}/${delivery.receivedAt}_${delivery.source}_${safeId}.json`;
}

function inRange(delivery: ArchivedDelivery, from: string, to: string): boolean {
  return (
    delivery.receivedAt >= new Date(from).toISOString() && delivery.receivedAt < new Date(to).toISOString()
  );
}

export class S3RawArchive implements RawArchive {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(delivery: ArchivedDelivery): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: keyOf(delivery),
        Body: JSON.stringify(delivery),
        ContentType: 'application/json',
      }),
    );
  }

  async *list(from: string, to: string): AsyncIterable<ArchivedDelivery> {
    for (const day of daysBetween(from, to)) {
      for await (const page of paginateListObjectsV2(
        { client: this.client },
        { Bucket: this.bucket, Prefix: `raw/${day}/` },
      )) {
        for (const object of page.Contents ?? []) {
          const response = await this.client.send(
            new GetObjectCommand({ Bucket: this.bucket, Key: object.Key }),
          );
          const delivery = JSON.parse(await response.Body!.transformToString()) as ArchivedDelivery;
          if (inRange(delivery, from, to)) yield delivery;
        }
      }
    }
  }
}

export class FolderRawArchive implements RawArchive {
  /** Day folders already created: a mkdir per delivery was ~2 % of the local stack's time under load. */
  private readonly folders = new Set<string>();

  constructor(private readonly dir: string) {}

  async put(delivery: ArchivedDelivery): Promise<void> {
    const file = join(this.dir, keyOf(delivery));
    const folder = join(file, '..');
    if (!this.folders.has(folder)) {
      await mkdir(folder, { recursive: true });
      this.folders.add(folder);
    }
    await writeFile(file, JSON.stringify(delivery));
  }

  async *list(from: string, to: string): AsyncIterable<ArchivedDelivery> {
    for (const day of daysBetween(from, to)) {
      let files: string[];
      try {
        files = (await readdir(join(this.dir, 'raw', day))).sort();
      } catch {
        continue; // nothing archived that day
      }
      for (const file of files) {
        const delivery = JSON.parse(
          await readFile(join(this.dir, 'raw', day, file), 'utf8'),
        ) as ArchivedDelivery;
        if (inRange(delivery, from, to)) yield delivery;
      }
    }
  }
}
