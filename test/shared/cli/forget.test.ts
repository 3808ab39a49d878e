import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderRawArchive } from '../../../shared/adapters/raw-archive.ts';
import { runForget } from '../../../shared/cli/commands/forget.ts';
import { quietLambdaTooling } from '../../../shared/cli/quiet.ts';
import { loadClientConfig } from '../../../shared/config/client-config.ts';
import { domainEvent } from '../../../shared/events/catalog.ts';
import { wallClock } from '../../../shared/local/clock.ts';
import { createLocalStack, dataFolders } from '../../../shared/local/local-stack.ts';

const config = loadClientConfig('clients/example.json');

async function seed(data: string) {
  quietLambdaTooling();
  const stack = await createLocalStack({
    config,
    clock: wallClock,
    ...dataFolders(data),
    deliverImmediately: false,
  });
  const at = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const mentions = [
    { id: 'a1', handle: '@Alice', network: 'x' as const },
    { id: 'a2', handle: 'alice', network: 'x' as const },
    { id: 'a3', handle: '@alice', network: 'instagram' as const }, // another network: another person
    { id: 'b1', handle: '@bob', network: 'x' as const },
  ];
  await stack.bus.publish(
    mentions.map((m, index) =>
      domainEvent('mentionReceived', {
        id: m.id,
        at: at(index + 1),
        network: m.network,
        text: `texte ${m.id}`,
        author: { handle: m.handle, followers: 10 },
        sentiment: 'neutral',
      }),
    ),
  );
  await stack.bus.drain();
  const archive = new FolderRawArchive(dataFolders(data).archiveDir);
  const rawOf = (handle: string) => JSON.stringify({ type: 'mention', data: { author: { handle } } });
  await archive.put({
    source: 'standard',
    deliveryId: 'd-alice',
    receivedAt: at(1),
    query: {},
    rawBody: rawOf('@alice'),
  });
  await archive.put({
    source: 'standard',
    deliveryId: 'd-bob',
    receivedAt: at(1),
    query: {},
    rawBody: rawOf('@bob'),
  });
  const ids = async () =>
    (await stack.stores.mentions.mentionsBetween(at(60), at(-1))).map((mention) => mention.id).sort();
  expect(await ids()).toEqual(['a1', 'a2', 'a3', 'b1']);
  await stack.close();
}

describe('vigie forget', () => {
  it('lists, then erases, one author’s mentions (both spellings of the handle) and the raw deliveries naming them', async () => {
    const data = mkdtempSync(join(tmpdir(), 'vigie-forget-'));
    await seed(data);
    const lines: string[] = [];
    const base = { author: '@alice', network: 'x', client: 'clients/example.json', data };

    const dryRun = await runForget({ ...base, dryRun: true }, (line) => lines.push(line));
    expect(dryRun.erased).toBe(0);
    expect(dryRun.found.map((item) => item.where).sort()).toEqual(['raw archive', 'table', 'table']);
    expect(
      dryRun.found.filter((item) => item.where === 'table').map((item) => item.key.split('#').pop()),
    ).toEqual(expect.arrayContaining(['a1', 'a2']));
    expect(lines.at(-1)).toMatch(/3 item\(s\) about @alice on x would be erased \(dry run/);

    const done = await runForget({ ...base, dryRun: false }, () => undefined);
    expect(done.erased).toBe(3);
    const again = await runForget({ ...base, dryRun: true }, () => undefined);
    expect(again.found).toEqual([]);

    // The others are untouched: the same handle on another network, another author, their raw copy.
    const stack = await createLocalStack({
      config,
      clock: wallClock,
      ...dataFolders(data),
      deliverImmediately: false,
    });
    const left = await stack.stores.mentions.mentionsBetween(
      new Date(Date.now() - 3_600_000).toISOString(),
      new Date(Date.now() + 60_000).toISOString(),
    );
    expect(left.map((mention) => mention.id).sort()).toEqual(['a3', 'b1']);
    const archived: string[] = [];
    for await (const delivery of new FolderRawArchive(dataFolders(data).archiveDir).list(
      new Date(Date.now() - 86_400_000).toISOString(),
      new Date(Date.now() + 60_000).toISOString(),
    )) {
      archived.push(delivery.deliveryId);
    }
    expect(archived).toEqual(['d-bob']);
    await stack.close();
  });
});
