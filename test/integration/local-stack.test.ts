import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoIncidentStore } from '../../shared/adapters/incident-store.ts';
import { FolderRawArchive } from '../../shared/adapters/raw-archive.ts';
import { standardWebhookHeaders } from '../../shared/cli/commands/send.ts';
import { quietLambdaTooling } from '../../shared/cli/quiet.ts';
import { loadClientConfig } from '../../shared/config/client-config.ts';
import { SimulatedClock } from '../../shared/local/clock.ts';
import { type LocalHttpServer, startLocalHttpServer } from '../../shared/local/http-server.ts';
import { createLocalStack, type LocalStack } from '../../shared/local/local-stack.ts';

const SECRET = `whsec_${Buffer.from('vigie-integration-test-secret-32b').toString('base64')}`;
const config = loadClientConfig('clients/example.json');
const API_KEY = 'local-test-api-key';

let stack: LocalStack;
let http: LocalHttpServer;
let clock: SimulatedClock;
let mailDir: string;
const startedAt = new Date();
const stormBucket = Math.floor(startedAt.getTime() / 300_000) * 300_000 - 600_000;

function signed(id: string, payload: unknown, secret = SECRET) {
  const body = JSON.stringify(payload);
  return { method: 'POST', headers: standardWebhookHeaders(new Webhook(secret), id, body, new Date()), body };
}

function mentionPayload(index: number, text: string, sentiment?: 'negative') {
  return {
    type: 'mention',
    timestamp: new Date().toISOString(),
    data: {
      id: `x-${index}`,
      // All in one 5-minute bucket that closed before the test starts, so the outcome does not depend
      // on where the wall clock falls in the radar's 5-minute cycle.
      at: new Date(stormBucket + index * 10_000).toISOString(),
      network: index % 2 ? 'x' : 'instagram',
      text,
      author: { handle: `@fan${index}`, followers: 200 + index },
      ...(sentiment ? { sentiment } : {}),
    },
  };
}

beforeAll(async () => {
  quietLambdaTooling();
  mailDir = join(mkdtempSync(join(tmpdir(), 'vigie-e2e-')), 'mail');
  clock = new SimulatedClock(startedAt);
  stack = await createLocalStack({
    config,
    clock,
    mailDir,
    deliverImmediately: true,
    env: { VIGIE_SECRET_STANDARD: SECRET, VIGIE_API_KEY: API_KEY },
  });
  http = await startLocalHttpServer(stack.consumers, { port: 0 });
});

afterAll(async () => {
  await http.close();
  await stack.close();
});

describe('local stack, end to end', () => {
  it('turns a burst of negative webhook mentions into exactly one crisis email', async () => {
    const url = `${http.url}/webhooks/standard`;
    const statuses: number[] = [];
    for (let index = 0; index < 24; index++) {
      // Half labeled upstream (a listening tool), half labeled by Vigie's analyzer.
      const payload =
        index % 2
          ? mentionPayload(index, 'Service client injoignable depuis 3 jours', 'negative')
          : mentionPayload(index, 'Arnaque totale, remboursez-moi, c’est une honte 😡');
      const response = await fetch(url, signed(`msg_${index}`, payload));
      statuses.push(response.status);
    }
    expect(statuses).toEqual(Array(24).fill(202));

    // The sender retries one delivery: a mention is not remembered per delivery (its consumer stores
    // it once by id), so the retry is accepted again and stored once.
    const retry = await fetch(
      url,
      signed('msg_3', mentionPayload(3, 'Service client injoignable depuis 3 jours', 'negative')),
    );
    expect(retry.status).toBe(202);

    await stack.bus.drain();
    // Every accepted delivery's raw body is archived (the re-delivery, received at the same simulated
    // time, lands on the same key).
    const archived: string[] = [];
    for await (const item of new FolderRawArchive(join(mailDir, '..', 'archive')).list(
      new Date(startedAt.getTime() - 3_600_000).toISOString(),
      new Date(startedAt.getTime() + 3_600_000).toISOString(),
    )) {
      archived.push(item.deliveryId);
    }
    expect(archived.sort()).toEqual(Array.from({ length: 24 }, (_, i) => `msg_${i}`).sort());
    const stored = await stack.stores.mentions.mentionsBetween(
      new Date(startedAt.getTime() - 3_600_000).toISOString(),
      new Date(startedAt.getTime() + 3_600_000).toISOString(),
    );
    expect(stored).toHaveLength(24);
    expect(stored.filter((m) => m.labelSource === 'builtin').every((m) => m.label === 'negative')).toBe(true);
    expect(readdirSafe(mailDir)).toEqual([]);

    // Ten simulated minutes: the radar runs twice; the incident opens once.
    await stack.scheduler.runUntil(new Date(startedAt.getTime() + 10 * 60_000), (to) => clock.advanceTo(to));
    await stack.bus.drain();
    const mails = readdirSafe(mailDir);
    expect(mails).toHaveLength(1);
    const eml = readFileSync(join(mailDir, mails[0]!), 'utf8');
    expect(subjectOf(eml)).toMatch(
      /^\[Vigie\] Crise (mineure|majeure|critique) en cours pour Maison Exemple$/,
    );
    expect(eml).toContain('To: social@example.com, comms-director@example.com');

    // The email's acknowledge link works against the local HTTP API and stops the reminders.
    const textPart =
      /Content-Type: text\/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n([A-Za-z0-9+/=\r\n]+?)\r\n--/.exec(
        eml,
      )![1]!;
    const text = Buffer.from(textPart.replace(/\r\n/g, ''), 'base64').toString('utf8');
    const link = /https?:\/\/\S+\/acknowledge\?sig=\S+/.exec(text)![0];
    const incidentId = decodeURIComponent(/incidents\/([^/]+)\/acknowledge/.exec(link)![1]!);
    const local = new URL(link);
    const acknowledged = await fetch(`${http.url}${local.pathname}${local.search}`);
    expect(acknowledged.status).toBe(200);
    expect(await new DynamoIncidentStore(stack.dynamo.table).isAcknowledged(incidentId)).toBe(true);
    const forged = await fetch(`${http.url}${local.pathname}?sig=forged`);
    expect(forged.status).toBe(403);
    expect(stack.deadLetters.letters).toEqual([]);
  });

  it('rejects what it must, with the right status and no event', async () => {
    const url = `${http.url}/webhooks/standard`;
    const before = stack.bus.published;
    const valid = signed('msg_bad_1', mentionPayload(100, 'ok'));

    const wrongSecret = await fetch(
      url,
      signed(
        'msg_bad_2',
        mentionPayload(101, 'ok'),
        `whsec_${Buffer.from('another-secret-of-32-bytes-long!').toString('base64')}`,
      ),
    );
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toEqual({ error: 'unauthorized' });

    const tampered = await fetch(url, { ...valid, body: valid.body.replace('"ok"', '"ko"') });
    expect(tampered.status).toBe(401);

    const badSchema = signed('msg_bad_3', {
      type: 'mention',
      timestamp: new Date().toISOString(),
      data: { id: 'x', network: 'myspace' },
    });
    const schemaResponse = await fetch(url, badSchema);
    expect(schemaResponse.status).toBe(400);
    const problem = (await schemaResponse.json()) as { issues: { path: string; message: string }[] };
    expect(problem.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['data.at', 'data.network', 'data.text']),
    );

    const notJson = await fetch(url, {
      ...valid,
      headers: { ...valid.headers, 'content-type': 'text/plain' },
    });
    expect(notJson.status).toBe(415);

    expect((await fetch(`${http.url}/webhooks/nope`, valid)).status).toBe(404);
    expect((await fetch(`${http.url}/elsewhere`, valid)).status).toBe(404);
    expect(stack.bus.published).toBe(before);
  });
});

describe('GET /mentions', () => {
  const range = () => ({
    from: new Date(startedAt.getTime() - 3_600_000).toISOString(),
    to: new Date(startedAt.getTime() + 3_600_000).toISOString(),
  });
  const get = (query: Record<string, string>, key: string | null = API_KEY) =>
    fetch(
      `${http.url}/mentions?${new URLSearchParams(query)}`,
      key ? { headers: { authorization: `Bearer ${key}` } } : {},
    );

  it('needs the API key: 401 without, 403 with a wrong one', async () => {
    expect((await get(range(), null)).status).toBe(401);
    expect((await get(range(), 'not-the-key')).status).toBe(403);
  });

  it('lists the stored mentions, filtered and paginated, each exactly once', async () => {
    const ids: string[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const response = await get({ ...range(), limit: '7', ...(next ? { cursor: next } : {}) });
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        mentions: { id: string; sentiment: string }[];
        next?: string;
      };
      expect(body.mentions.length).toBeLessThanOrEqual(7);
      ids.push(...body.mentions.map((m) => m.id));
      next = body.next;
      pages += 1;
    } while (next);
    expect(pages).toBe(4);
    expect([...ids].sort()).toEqual(Array.from({ length: 24 }, (_, i) => `x-${i}`).sort());

    const onX = (await (await get({ ...range(), network: 'x' })).json()) as {
      mentions: { network: string }[];
    };
    expect(onX.mentions).toHaveLength(12);
    expect(onX.mentions.every((m) => m.network === 'x')).toBe(true);
  });

  it('answers 400 with the parameter and the reason', async () => {
    const response = await get({ from: 'yesterday', sentiment: 'angry', limit: '9999', extra: '1' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { issues: { path: string }[] };
    expect(body.issues.map((issue) => issue.path).sort()).toEqual(['(query)', 'from', 'limit', 'sentiment']);
    const badCursor = await get({ ...range(), cursor: 'bm90LWEtY3Vyc29y' });
    expect(badCursor.status).toBe(400);
  });
});

function subjectOf(eml: string): string {
  const header = /^Subject: (.+)$/m.exec(eml)![1]!;
  const encoded = /^=\?UTF-8\?B\?(.+)\?=$/.exec(header);
  return encoded ? Buffer.from(encoded[1]!, 'base64').toString('utf8') : header;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir).filter((file) => file.endsWith('.eml'));
  } catch {
    return [];
  }
}
