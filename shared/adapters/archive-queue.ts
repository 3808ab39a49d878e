import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ArchivedDelivery, RawArchiveWriter } from './raw-archive.ts';

/**
 * The archive queue's `MaximumMessageSize` (set by the CDK stack), SQS's ceiling since 2025. A
 * delivery is at most MAX_BODY_BYTES (256 KiB) of JSON that parsed, whose characters JSON-escape
 * to 2 bytes at most (only quotes, backslashes, tab, CR and LF are escaped): ~512 KiB with its
 * query, so only a raised MAX_BODY_BYTES could make a message too large.
 */
export const MAX_ARCHIVE_MESSAGE_BYTES = 1_048_576;

/** A delivery whose archive message SQS would refuse: it is not archived (the webhook still succeeds). */
export class ArchiveMessageTooLarge extends Error {
  override readonly name = 'ArchiveMessageTooLarge';

  constructor(readonly bytes: number) {
    super(`archive message of ${bytes} bytes is over the queue's ${MAX_ARCHIVE_MESSAGE_BYTES}`);
  }
}

/** Port: one message to one queue. SQS in AWS, the local bus's queue locally. */
export interface MessageSender {
  send(body: string): Promise<void>;
}

export function sqsMessageSender(client: SQSClient, queueUrl: string): MessageSender {
  return {
    async send(body) {
      await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    },
  };
}

/**
 * The archive as the webhook function sees it: each delivery becomes one message of the archive
 * queue, which archiveWebhooks writes to the archive (bucket or folder) in batches.
 */
export class QueuedRawArchive implements RawArchiveWriter {
  constructor(private readonly queue: MessageSender) {}

  async put(delivery: ArchivedDelivery): Promise<void> {
    const body = JSON.stringify(delivery);
    const bytes = Buffer.byteLength(body, 'utf8');
    if (bytes > MAX_ARCHIVE_MESSAGE_BYTES) throw new ArchiveMessageTooLarge(bytes);
    await this.queue.send(body);
  }
}

/** The delivery an archive queue message carries; throws on anything else (the record then fails). */
export function archivedDeliveryOf(body: string): ArchivedDelivery {
  const message = JSON.parse(body) as Record<string, unknown>;
  const text = (field: string) => {
    const value = message?.[field];
    if (typeof value !== 'string' || !value) throw new Error(`archive message without ${field}`);
    return value;
  };
  const receivedAt = text('receivedAt');
  if (Number.isNaN(Date.parse(receivedAt))) throw new Error(`archive message received at ${receivedAt}`);
  const query = message.query;
  if (
    !query ||
    typeof query !== 'object' ||
    Object.values(query).some((value) => value !== undefined && typeof value !== 'string')
  )
    throw new Error('archive message without a query of strings');
  const rawBody = message.rawBody;
  if (typeof rawBody !== 'string') throw new Error('archive message without rawBody');
  return {
    source: text('source'),
    deliveryId: text('deliveryId'),
    receivedAt,
    query: query as Record<string, string | undefined>,
    rawBody,
  };
}
