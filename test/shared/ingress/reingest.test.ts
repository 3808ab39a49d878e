import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventPublisher } from '../../../shared/adapters/event-publisher.ts';
import { type ArchivedDelivery, FolderRawArchive } from '../../../shared/adapters/raw-archive.ts';
import { reingest } from '../../../shared/domain/ingress/reingest.ts';
import type { DomainEvent } from '../../../shared/events/catalog.ts';
import { loadEventFixture } from '../events/fixtures.ts';

const delivery = (deliveryId: string, receivedAt: string, data: unknown): ArchivedDelivery => ({
  source: 'standard',
  deliveryId,
  receivedAt,
  query: {},
  rawBody: JSON.stringify({ type: 'mention', timestamp: receivedAt, data }),
});

describe('raw archive and reingest', () => {
  it('lists what was archived in a time range, oldest first, across days', async () => {
    const archive = new FolderRawArchive(mkdtempSync(join(tmpdir(), 'vigie-archive-')));
    await archive.put(delivery('b', '2026-03-02T23:59:00.000Z', {}));
    await archive.put(delivery('a', '2026-03-02T10:00:00.000Z', {}));
    await archive.put(delivery('c/../../etc', '2026-03-03T00:01:00.000Z', {}));
    await archive.put(delivery('late', '2026-03-05T00:00:00.000Z', {}));
    const listed: string[] = [];
    for await (const item of archive.list('2026-03-02T00:00:00Z', '2026-03-04T00:00:00Z'))
      listed.push(item.deliveryId);
    expect(listed).toEqual(['a', 'b', 'c/../../etc']);
  });

  it('re-derives the events of valid deliveries and reports the others', async () => {
    const archive = new FolderRawArchive(mkdtempSync(join(tmpdir(), 'vigie-archive-')));
    const mention = loadEventFixture<Record<string, unknown>>('mention.received');
    await archive.put(delivery('ok', '2026-03-02T10:00:00.000Z', mention));
    await archive.put(delivery('bad', '2026-03-02T10:01:00.000Z', { ...mention, network: 'myspace' }));
    const published: DomainEvent[] = [];
    const publisher: EventPublisher = {
      publish: async (events) => {
        published.push(...events);
      },
    };
    const failures: string[] = [];
    const summary = await reingest(
      archive,
      publisher,
      '2026-03-02T00:00:00Z',
      '2026-03-03T00:00:00Z',
      (id, reason) => failures.push(`${id}: ${reason}`),
    );
    expect(summary).toEqual({ deliveries: 2, events: 1, failed: 1 });
    expect(published).toEqual([{ name: 'mentionReceived', detail: mention }]);
    expect(failures[0]).toMatch(/^bad: data\.network: /);
  });
});
