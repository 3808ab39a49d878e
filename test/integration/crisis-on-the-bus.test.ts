import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadClientConfig } from '../../shared/config/client-config.ts';
import { domainEvent } from '../../shared/events/catalog.ts';
import { SimulatedClock } from '../../shared/local/clock.ts';
import { createLocalStack, type LocalStack } from '../../shared/local/local-stack.ts';

let stack: LocalStack | undefined;
afterAll(async () => {
  await stack?.close();
});

describe('crisis radar on the local stack, fed on the bus', () => {
  it('turns a burst of negative mention events into exactly one opening email, then an all-clear', async () => {
    const start = new Date('2026-03-10T09:00:00Z');
    const clock = new SimulatedClock(start);
    const mailDir = join(mkdtempSync(join(tmpdir(), 'vigie-bus-')), 'mail');
    stack = await createLocalStack({
      config: loadClientConfig('clients/example.json'),
      clock,
      mailDir,
      deliverImmediately: false,
    });
    const advance = (to: Date) => clock.advanceTo(to);

    // A quiet morning, then 40 negative mentions in 10 minutes, re-delivered once each (at least once).
    const quiet = Array.from({ length: 12 }, (_, i) =>
      domainEvent('mentionReceived', {
        id: `q-${i}`,
        at: new Date(start.getTime() + i * 240_000).toISOString(),
        network: 'facebook',
        text: 'Vous ouvrez dimanche ?',
        sentiment: 'neutral',
      }),
    );
    const storm = Array.from({ length: 40 }, (_, i) =>
      domainEvent('mentionReceived', {
        id: `s-${i}`,
        at: new Date(start.getTime() + 3_600_000 + i * 15_000).toISOString(),
        network: i % 2 ? 'x' : 'instagram',
        text: 'Arnaque, remboursez-nous',
        author: { handle: `@angry${i}`, followers: 100 * i },
        sentiment: 'negative',
      }),
    );
    for (const event of [...quiet, ...storm, ...storm]) {
      await stack.scheduler.runUntil(new Date(event.detail.at as string), advance);
      clock.advanceTo(new Date(event.detail.at as string));
      await stack.bus.publish([event]);
    }
    await stack.bus.drain();
    await stack.scheduler.runUntil(new Date(start.getTime() + 5 * 3_600_000), advance);
    await stack.bus.drain();

    const alerts = (await stack.stores.alerts.listMonth('2026-03')).map((alert) => alert.kind);
    expect(alerts.filter((kind) => kind === 'crisis.opened')).toHaveLength(1);
    expect(alerts.at(-1)).toBe('crisis.resolved');
    expect(alerts.filter((kind) => kind !== 'crisis.resolved').length).toBeLessThanOrEqual(3);
    expect(readdirSync(mailDir).filter((file) => file.endsWith('.eml'))).toHaveLength(alerts.length);
    const stored = await stack.stores.mentions.mentionsBetween(
      '2026-03-10T00:00:00Z',
      '2026-03-11T00:00:00Z',
    );
    expect(stored).toHaveLength(52); // duplicates stored once
    expect(stack.deadLetters.letters).toEqual([]);
  });
});
