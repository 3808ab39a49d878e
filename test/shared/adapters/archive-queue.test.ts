import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import {
  ArchiveMessageTooLarge,
  archivedDeliveryOf,
  MAX_ARCHIVE_MESSAGE_BYTES,
  QueuedRawArchive,
  sqsMessageSender,
} from '../../../shared/adapters/archive-queue.ts';
import type { ArchivedDelivery } from '../../../shared/adapters/raw-archive.ts';
import { MAX_BODY_BYTES } from '../../../shared/domain/ingress/webhook.ts';

const delivery = (rawBody: string, query: Record<string, string> = {}): ArchivedDelivery => ({
  source: 'standard',
  deliveryId: 'msg_1',
  receivedAt: '2026-03-02T10:00:05.000Z',
  query,
  rawBody,
});

function recordingQueue() {
  const sent: string[] = [];
  return { sent, archive: new QueuedRawArchive({ send: async (body) => void sent.push(body) }) };
}

describe('the archive queue adapter', () => {
  it('sends each delivery as one message, its JSON, which reads back as the same delivery', async () => {
    const { sent, archive } = recordingQueue();
    const accepted = delivery('{"type":"mention","data":{"text":"Très \\"bien\\""}}', { tenant: 'a' });
    await archive.put(accepted);
    expect(sent).toEqual([JSON.stringify(accepted)]);
    expect(archivedDeliveryOf(sent[0]!)).toEqual(accepted);
  });

  it('fits the largest accepted body: 256 KB of JSON that escapes at 2 bytes a character stays under 1 MiB', async () => {
    const { sent, archive } = recordingQueue();
    // Backslashes and quotes are the characters JSON escapes most among those valid JSON may hold raw.
    const filler = '\\\\\\"'.repeat(Math.floor((MAX_BODY_BYTES - 12) / 4));
    const rawBody = `{"text":"${filler}"}`;
    expect(() => JSON.parse(rawBody)).not.toThrow();
    expect(Buffer.byteLength(rawBody)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    // HTTP API requests carry at most 10 KB of request line and headers: the query is within it.
    await archive.put(delivery(rawBody, { q: 'x'.repeat(10_240) }));
    expect(sent).toHaveLength(1);
    const bytes = Buffer.byteLength(sent[0]!);
    expect(bytes).toBeGreaterThan(2 * (MAX_BODY_BYTES - 16));
    expect(bytes).toBeLessThan(MAX_ARCHIVE_MESSAGE_BYTES);
  });

  it('refuses a message over the queue’s maximum without sending it', async () => {
    const { sent, archive } = recordingQueue();
    const tooLarge = delivery('x'.repeat(MAX_ARCHIVE_MESSAGE_BYTES));
    const error = await archive.put(tooLarge).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArchiveMessageTooLarge);
    expect((error as ArchiveMessageTooLarge).name).toBe('ArchiveMessageTooLarge');
    expect((error as ArchiveMessageTooLarge).bytes).toBe(Buffer.byteLength(JSON.stringify(tooLarge)));
    expect(sent).toEqual([]);
  });

  it('sends with SendMessage to the queue URL it is given', async () => {
    const commands: SendMessageCommand[] = [];
    const client = { send: async (command: SendMessageCommand) => void commands.push(command) };
    await sqsMessageSender(client as never, 'https://sqs.eu-west-3.amazonaws.com/1/archive').send('{"a":1}');
    expect(commands).toHaveLength(1);
    expect(commands[0]).toBeInstanceOf(SendMessageCommand);
    expect(commands[0]!.input).toEqual({
      QueueUrl: 'https://sqs.eu-west-3.amazonaws.com/1/archive',
      MessageBody: '{"a":1}',
    });
  });

  it('reads only messages that are archived deliveries', () => {
    const good = delivery('{}');
    const broken: [string, string][] = [
      ['not json', 'is not valid JSON'],
      [JSON.stringify({ ...good, deliveryId: '' }), 'without deliveryId'],
      [JSON.stringify({ ...good, source: 7 }), 'without source'],
      [JSON.stringify({ ...good, receivedAt: 'yesterday' }), 'received at yesterday'],
      [JSON.stringify({ ...good, query: { a: 1 } }), 'without a query of strings'],
      [JSON.stringify({ ...good, rawBody: undefined }), 'without rawBody'],
      ['null', 'without receivedAt'],
    ];
    for (const [body, reason] of broken) expect(() => archivedDeliveryOf(body), body).toThrow(reason);
  });
});
