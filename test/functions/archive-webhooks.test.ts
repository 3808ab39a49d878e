import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createHandler } from '../../functions/ingress/archive-webhooks/app.ts';
import {
  type ArchivedDelivery,
  FolderRawArchive,
  type RawArchiveWriter,
} from '../../shared/adapters/raw-archive.ts';
import { localContext } from '../../shared/local/lambda-context.ts';
import { observability } from '../../shared/runtime/observability.ts';

const delivery = (deliveryId: string): ArchivedDelivery => ({
  source: 'standard',
  deliveryId,
  receivedAt: '2026-03-02T10:00:05.000Z',
  query: {},
  rawBody: JSON.stringify({ type: 'mention', data: { id: deliveryId } }),
});

const record = (messageId: string, body: string) => ({ messageId, body }) as SQSRecord;
const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

function archiver(rawArchive: RawArchiveWriter) {
  const handler = createHandler({ ...observability('archiveWebhooks'), rawArchive });
  return (event: SQSEvent) => handler(event, localContext('archiveWebhooks', 60));
}

async function listed(archive: FolderRawArchive): Promise<string[]> {
  const ids: string[] = [];
  for await (const item of archive.list('2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z'))
    ids.push(item.deliveryId);
  return ids;
}

describe('archiveWebhooks', () => {
  it('archives every delivery of a batch and reports only the unreadable record as failed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-archive-webhooks-'));
    const archive = new FolderRawArchive(dir);
    const response = await archiver(archive)(
      batch(
        record('m1', JSON.stringify(delivery('d1'))),
        record('m2', JSON.stringify({ ...delivery('d2'), rawBody: 42 })),
        record('m3', JSON.stringify(delivery('d3'))),
      ),
    );
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
    expect(await listed(archive)).toEqual(['d1', 'd3']);
  });

  it('reports a record whose write fails, and only it, so SQS redelivers it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-archive-webhooks-'));
    const archive = new FolderRawArchive(dir);
    const flaky: RawArchiveWriter = {
      put: async (item) => {
        if (item.deliveryId === 'd2') throw new Error('SlowDown');
        await archive.put(item);
      },
    };
    const response = await archiver(flaky)(
      batch(record('m1', JSON.stringify(delivery('d1'))), record('m2', JSON.stringify(delivery('d2')))),
    );
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
    expect(await listed(archive)).toEqual(['d1']);
  });

  it('writes a re-delivered message to the same key with the same content', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-archive-webhooks-'));
    const archive = archiver(new FolderRawArchive(dir));
    const body = JSON.stringify(delivery('d1'));
    expect(await archive(batch(record('m1', body)))).toEqual({ batchItemFailures: [] });
    const day = join(dir, 'raw', '2026-03-02');
    const [file] = readdirSync(day);
    const first = readFileSync(join(day, file!), 'utf8');
    expect(await archive(batch(record('m1-again', body)))).toEqual({ batchItemFailures: [] });
    expect(readdirSync(day)).toEqual([file]);
    expect(readFileSync(join(day, file!), 'utf8')).toBe(first);
    expect(JSON.parse(first)).toEqual(delivery('d1'));
  });
});
