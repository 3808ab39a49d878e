import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standardWebhookHeaders } from '../../shared/cli/commands/send.ts';
import { quietLambdaTooling } from '../../shared/cli/quiet.ts';
import { loadClientConfig } from '../../shared/config/client-config.ts';
import type { KpiRollup, PostLifetime } from '../../shared/domain/metrics/rollup.ts';
import { domainEvent } from '../../shared/events/catalog.ts';
import { SimulatedClock } from '../../shared/local/clock.ts';
import { type LocalHttpServer, startLocalHttpServer } from '../../shared/local/http-server.ts';
import { createLocalStack, type LocalStack } from '../../shared/local/local-stack.ts';

const SECRET = `whsec_${Buffer.from('vigie-metrics-test-secret-32bytes').toString('base64')}`;
const API_KEY = 'metrics-test-api-key';
const config = loadClientConfig('clients/example.json');

let stack: LocalStack;
let http: LocalHttpServer;
let clock: SimulatedClock;

async function send(id: string, payload: unknown): Promise<number> {
  const body = JSON.stringify(payload);
  const response = await fetch(`${http.url}/webhooks/standard`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...standardWebhookHeaders(new Webhook(SECRET), id, body, new Date()),
    },
    body,
  });
  return response.status;
}

const get = (path: string, query: Record<string, string>, key: string | null = API_KEY) =>
  fetch(
    `${http.url}${path}?${new URLSearchParams(query)}`,
    key ? { headers: { authorization: `Bearer ${key}` } } : {},
  );

beforeAll(async () => {
  quietLambdaTooling();
  clock = new SimulatedClock(new Date('2026-03-02T08:00:00Z'));
  stack = await createLocalStack({
    config,
    clock,
    mailDir: join(mkdtempSync(join(tmpdir(), 'vigie-metrics-')), 'mail'),
    deliverImmediately: true,
    env: { VIGIE_SECRET_STANDARD: SECRET, VIGIE_API_KEY: API_KEY },
  });
  http = await startLocalHttpServer(stack.consumers, { port: 0 });

  // Vigie published the post (pillar, campaign), then metrics come by webhook, one twice, one late.
  await stack.bus.publish([
    domainEvent('publicationPublished', {
      publicationId: 'pub-printemps',
      network: 'instagram',
      at: '2026-03-02T08:00:00Z',
      externalId: '17990012345678901',
      pillar: 'produit',
      campaign: 'printemps',
      format: 'reel',
    }),
  ]);
  const snapshot = (id: string, at: string, likes: number, reach: number) => ({
    type: 'metrics',
    timestamp: at,
    data: {
      id,
      at,
      network: 'instagram',
      postId: '17990012345678901',
      counters: { likes, reach, impressions: reach * 2 },
    },
  });
  expect(await send('d1', snapshot('m2', '2026-03-02T10:00:00Z', 40, 800))).toBe(202);
  expect(await send('d2', snapshot('m2', '2026-03-02T10:00:00Z', 40, 800))).toBe(202); // another delivery id, same snapshot
  expect(await send('d3', snapshot('m1', '2026-03-02T09:00:00Z', 15, 300))).toBe(202); // read earlier, arrives later
  expect(
    await send('d4', {
      type: 'account',
      timestamp: '2026-03-02T10:00:00Z',
      data: {
        id: 'acc-1',
        at: '2026-03-02T10:00:00Z',
        network: 'instagram',
        accountId: '17841400000000000',
        followers: 2000,
      },
    }),
  ).toBe(202);
  await stack.bus.drain();
  // The hourly rollup at 11:00 UTC (noon in Paris).
  const advance = (to: Date) => clock.advanceTo(to);
  await stack.scheduler.runUntil(new Date('2026-03-02T11:00:00Z'), advance);
  await stack.bus.drain();
}, 60_000);

afterAll(async () => {
  await http.close();
  await stack.close();
});

describe('metrics through the local stack (webhook → bus → recordMetrics → rollupKpis → read API)', () => {
  it('serves the day’s KPIs per network, and per pillar from the post link', async () => {
    const response = await get('/kpis', {
      period: 'day',
      from: '2026-03-02',
      to: '2026-03-02',
      network: 'instagram',
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { rollups: KpiRollup[] };
    expect(body.rollups).toHaveLength(1);
    expect(body.rollups[0]).toMatchObject({
      period: 'day',
      start: '2026-03-02',
      network: 'instagram',
      likes: 40,
      reach: 800,
      engagements: 40,
      engagementRateByReach: 5,
      followers: 2000,
      engagementRateByFollowers: 2,
      postsPublished: 1,
    });
    const byPillar = (await (
      await get('/kpis', { period: 'hour', from: '2026-03-02', to: '2026-03-02', pillar: 'produit' })
    ).json()) as {
      rollups: KpiRollup[];
    };
    // 10:00 and 11:00 in Paris: the late m1 (09:00 UTC) took its growth from m2's hour.
    expect(
      byPillar.rollups.filter((row) => row.network === 'all').map((row) => [row.start, row.likes]),
    ).toEqual([
      ['2026-03-02T09:00', 0],
      ['2026-03-02T10:00', 15],
      ['2026-03-02T11:00', 25],
    ]);
  });

  it('serves the posts with lifetime counters, pillar and rank', async () => {
    const response = await get('/posts', {
      from: '2026-03-01',
      to: '2026-03-31',
      sort: 'engagementRateByReach',
    });
    expect(response.status).toBe(200);
    const { posts } = (await response.json()) as { posts: PostLifetime[] };
    expect(posts).toEqual([
      expect.objectContaining({
        postId: '17990012345678901',
        network: 'instagram',
        likes: 40,
        reach: 800,
        engagementRateByReach: 5,
        pillar: 'produit',
        campaign: 'printemps',
        format: 'reel',
        publicationId: 'pub-printemps',
        rank: 1,
      }),
    ]);
  });

  it('needs the API key, like GET /mentions', async () => {
    expect((await get('/kpis', {}, null)).status).toBe(401);
    expect((await get('/posts', {}, 'not-the-key')).status).toBe(403);
  });

  it('answers 400 naming the parameter and the reason', async () => {
    const problems = async (path: string, query: Record<string, string>) => {
      const response = await get(path, query);
      expect(response.status).toBe(400);
      return ((await response.json()) as { issues: { path: string; message: string }[] }).issues;
    };
    expect(await problems('/kpis', { period: 'quarter' })).toEqual([
      { path: 'period', message: expect.stringContaining('hour') },
    ]);
    expect(await problems('/kpis', { from: '2026-13-01' })).toEqual([
      { path: 'from', message: expect.stringContaining('YYYY-MM-DD') },
    ]);
    expect(await problems('/kpis', { from: '2026-03-05', to: '2026-03-01' })).toEqual([
      { path: 'from', message: '"from" must not be after "to"' },
    ]);
    expect(await problems('/kpis', { period: 'hour', from: '2026-01-01', to: '2026-03-01' })).toEqual([
      { path: 'to', message: 'at most 31 days from "from" to "to"' },
    ]);
    expect(await problems('/kpis', { network: 'myspace' })).toEqual([
      { path: 'network', message: expect.any(String) },
    ]);
    expect(await problems('/kpis', { colour: 'blue' })).toEqual([
      { path: '(query)', message: expect.stringContaining('colour') },
    ]);
    expect(await problems('/posts', { sort: 'likes' })).toEqual([
      { path: 'sort', message: expect.any(String) },
    ]);
  });
});
