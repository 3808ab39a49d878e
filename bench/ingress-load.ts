/**
 * Webhook ingress under load: the local stack (`vigie start`, its own process, dynalite on disk) takes
 * 20,000 signed Standard Webhooks mentions plus 10 % re-delivered duplicates from autocannon on
 * loopback; afterwards GET /mentions must return exactly the 20,000 unique mentions.
 *
 *   npx tsx bench/ingress-load.ts [mentions=20000] [connections=16] [--cpu-prof]
 *
 * Also prints the end-to-end rate: unique mentions stored (webhook → bus → sentiment → store and
 * counters) per second, from the first request to the last mention stored. --cpu-prof profiles the
 * stack's process (a .cpuprofile in out/).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Webhook } from 'standardwebhooks';
import { standardWebhookHeaders } from '../shared/cli/commands/send.ts';

const [mentionsArg, connectionsArg] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const mentions = Number(mentionsArg ?? 20_000);
const connections = Number(connectionsArg ?? 16);
const profile = process.argv.includes('--cpu-prof');
const port = 8700 + Math.floor(Math.random() * 90);
const secret = `whsec_${randomBytes(24).toString('base64')}`;
const apiKey = randomBytes(16).toString('hex');
const base = `http://127.0.0.1:${port}`;
const start = Date.parse('2026-03-02T10:00:00Z');

// Every delivery signed up front (the signature's timestamp is valid five minutes).
const webhook = new Webhook(secret);
const now = new Date();
const unique = Array.from({ length: mentions }, (_, i) => {
  const body = JSON.stringify({
    type: 'mention',
    timestamp: now.toISOString(),
    data: {
      id: `load-${i}`,
      at: new Date(start + i * 50).toISOString(),
      network: ['instagram', 'x', 'facebook', 'tiktok'][i % 4],
      text: i % 3 ? 'Service client injoignable depuis ce matin' : 'Merci pour la livraison rapide !',
      sentiment: i % 3 ? 'negative' : 'positive',
      author: { handle: `@user${i}`, followers: i % 1000 },
    },
  });
  const id = `msg_load_${i}`;
  return {
    method: 'POST' as const,
    path: '/webhooks/standard',
    headers: standardWebhookHeaders(webhook, id, body, now),
    body,
  };
});
// 10 % re-delivered, spread through the run (a sender's retries).
const requests = [...unique];
for (let i = 0; i < mentions / 10; i++) {
  requests.splice(
    Math.floor(Math.random() * requests.length),
    0,
    unique[Math.floor(Math.random() * unique.length)]!,
  );
}

function startStack(): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      ...(profile ? ['--cpu-prof', '--cpu-prof-dir=out'] : []),
      'bin/vigie.mjs',
      'start',
      '--port',
      String(port),
      '--data',
      mkdtempSync(join(tmpdir(), 'vigie-load-')),
    ],
    {
      env: {
        ...process.env,
        VIGIE_SECRET_STANDARD: secret,
        VIGIE_API_KEY: apiKey,
        POWERTOOLS_LOG_LEVEL: 'ERROR',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening on')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`vigie start exited (${code})`)));
  });
}

async function countStored(): Promise<{ total: number; unique: number }> {
  const ids: string[] = [];
  let next: string | undefined;
  do {
    const query = new URLSearchParams({
      from: '2026-03-02T00:00:00Z',
      to: '2026-03-03T00:00:00Z',
      limit: '500',
      ...(next ? { cursor: next } : {}),
    });
    const response = await fetch(`${base}/mentions?${query}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    const page = (await response.json()) as { mentions: { id: string }[]; next?: string };
    ids.push(...page.mentions.map((m) => m.id));
    next = page.next;
  } while (next);
  return { total: ids.length, unique: new Set(ids).size };
}

const child = await startStack();
try {
  let index = 0;
  const loadStarted = performance.now();
  const result = await autocannon({
    url: base,
    connections,
    amount: requests.length,
    requests: [{ setupRequest: (request) => ({ ...request, ...requests[index++ % requests.length]! }) }],
  });
  // The bus delivers after the 202: wait until the stored count stops moving.
  let stored = await countStored();
  let lastGrowth = performance.now();
  for (let previous = -1; stored.total !== previous; ) {
    if (stored.total !== previous) lastGrowth = performance.now();
    previous = stored.total;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    stored = await countStored();
  }
  const endToEndSeconds = (lastGrowth - loadStarted) / 1000;
  const statuses = Object.entries(result.statusCodeStats ?? {})
    .map(([code, { count }]) => `${code}: ${count}`)
    .join(', ');
  console.log(
    `Webhook ingress load, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${connections} connections`,
  );
  console.log(
    '| requests | duplicates | req/s (mean) | p50 | p99 | statuses | stored | unique | lost | doubled | stored/s end to end |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  console.log(
    `| ${requests.length.toLocaleString('en')} | ${(requests.length - mentions).toLocaleString('en')} | ${Math.round(result.requests.average).toLocaleString('en')} | ${result.latency.p50} ms | ${result.latency.p99} ms | ${statuses} | ${stored.total.toLocaleString('en')} | ${stored.unique.toLocaleString('en')} | ${mentions - stored.unique} | ${stored.total - stored.unique} | ${Math.round(stored.unique / endToEndSeconds)} (${endToEndSeconds.toFixed(0)} s) |`,
  );
} finally {
  child.kill('SIGINT');
}
