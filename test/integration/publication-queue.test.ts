import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../shared/cli/commands/import.ts';
import { quietLambdaTooling } from '../../shared/cli/quiet.ts';
import { loadClientConfig, parseClientConfig } from '../../shared/config/client-config.ts';
import { SimulatedClock } from '../../shared/local/clock.ts';
import { type LocalHttpServer, startLocalHttpServer } from '../../shared/local/http-server.ts';
import { createLocalStack, type LocalStack } from '../../shared/local/local-stack.ts';

const API_KEY = 'publication-queue-test-key';
const folder = mkdtempSync(join(tmpdir(), 'vigie-queue-'));
// Tomorrow and the day after, local dates of the client (the local stack runs on the real date).
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

let stack: LocalStack;
let http: LocalHttpServer;

beforeAll(async () => {
  quietLambdaTooling();
  const example = JSON.parse(JSON.stringify(loadClientConfig('clients/example.json')));
  const config = parseClientConfig({
    ...example,
    publishing: { ...example.publishing, requireApproval: false },
  });
  stack = await createLocalStack({
    config,
    clock: new SimulatedClock(new Date()),
    mailDir: join(folder, 'mail'),
    deliverImmediately: true,
    env: { VIGIE_API_KEY: API_KEY },
  });
  http = await startLocalHttpServer(stack.consumers, { port: 0 });
});

afterAll(async () => {
  await http.close();
  await stack.close();
});

describe('vigie import on the local stack', () => {
  it('reports each bad row with its line, queues the rest through the API, and flags duplicates', async () => {
    const file = join(folder, 'calendar.csv');
    writeFileSync(
      file,
      [
        'date,time,networks,text,link,pillar,campaign,media',
        `${day(2)},10:00,instagram;facebook,"Collection d’hiver ❄️, en boutique",https://example.com/hiver,produit,hiver,https://cdn.example.com/hiver.jpg`,
        `${day(2)},,x,Le prochain créneau libre pour X,,,,`,
        `${day(2)},18:00,instagram,"collection d’hiver ❄️,  en boutique",,,,`,
        `${day(2)},9h,linkedin,Heure mal écrite,,,,`,
        `2020-01-01,10:00,linkedin,Dans le passé,,,,`,
        '',
      ].join('\n'),
    );
    const lines: string[] = [];
    process.env.VIGIE_API_KEY = API_KEY;
    const summary = await runImport(
      file,
      { url: http.url, client: 'clients/example.json', data: folder },
      (line) => lines.push(line),
    );
    expect(summary).toEqual({ queued: 2, alreadyQueued: 0, duplicates: 1, invalid: 2 });
    expect(lines[0]).toBe(
      'line 5: time: expected HH:MM (24-hour), or empty for the next free slot (not queued)',
    );
    expect(lines.find((line) => line.startsWith('line 4:'))).toMatch(
      /^line 4: duplicate, not queued: same text, network and day as instagram \(duplicate of .+\)$/,
    );
    expect(lines.find((line) => line.startsWith('line 6:'))).toBe(
      'line 6: date/time: is in the past (not queued)',
    );
    expect(lines.find((line) => line.startsWith('line 2:'))).toMatch(
      /^line 2: queued .+: instagram .+, facebook .+$/,
    );

    // Importing the same file again queues nothing twice.
    const again = await runImport(
      file,
      { url: http.url, client: 'clients/example.json', data: folder },
      () => undefined,
    );
    expect(again).toEqual({ queued: 0, alreadyQueued: 2, duplicates: 1, invalid: 2 });

    const listed = await fetch(
      `${http.url}/publications?${new URLSearchParams({ from: new Date().toISOString(), to: new Date(Date.now() + 30 * 86_400_000).toISOString() })}`,
      { headers: { authorization: `Bearer ${API_KEY}` } },
    );
    const body = (await listed.json()) as {
      publications: { text: string; outcomes: Record<string, { state: string }> }[];
    };
    expect(body.publications).toHaveLength(2);
    expect(
      body.publications.every((p) => Object.values(p.outcomes).every((o) => o.state === 'scheduled')),
    ).toBe(true);
  });
});

describe('a persisted local queue', () => {
  it('schedules its queued publications again when the local stack starts again', async () => {
    const data = mkdtempSync(join(tmpdir(), 'vigie-restart-'));
    const example = JSON.parse(JSON.stringify(loadClientConfig('clients/example.json')));
    const config = parseClientConfig({
      ...example,
      publishing: { ...example.publishing, requireApproval: false },
    });
    const start = new Date();
    const options = {
      config,
      dynamoPath: join(data, 'dynamo'),
      mailDir: join(data, 'mail'),
      deliverImmediately: true,
      env: { VIGIE_API_KEY: API_KEY },
    };
    const first = await createLocalStack({ ...options, clock: new SimulatedClock(start) });
    const firstHttp = await startLocalHttpServer(first.consumers, { port: 0 });
    const created = await fetch(`${firstHttp.url}/publications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        publicationId: 'restart-1',
        text: 'Après redémarrage',
        networks: ['x'],
        scheduledFor: new Date(start.getTime() + 3_600_000).toISOString(),
      }),
    });
    expect(created.status).toBe(201);
    await firstHttp.close();
    await first.close();

    const clock = new SimulatedClock(start);
    const second = await createLocalStack({ ...options, clock });
    try {
      await second.scheduler.runUntil(new Date(start.getTime() + 2 * 3_600_000), (to) => clock.advanceTo(to));
      // It fired: without a publisher for X on this stack, the send fails with its reason.
      const outcome = (await second.stores.publications.get('restart-1'))!.outcomes.x!;
      expect(outcome).toMatchObject({ state: 'failed', lastError: 'no publisher is configured for x' });
    } finally {
      await second.close();
    }
  });
});
