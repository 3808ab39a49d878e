/**
 * The publication queue on the local stack: N publications requested through POST /publications
 * (three networks each, due within the next 3 minutes: the receiver checks the signature's
 * timestamp against its own clock), then the simulated clock runs until they are all due; every
 * send goes through the `webhook` publisher to the local reference receiver.
 *
 *   npx tsx bench/publication-queue.ts [publications=300]
 *
 * Prints the API's request rate and latency, the publish rate (wall time of the simulated run),
 * and what the receiver got: posts, duplicates (the same post twice), and publications not published.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quietLambdaTooling } from '../shared/cli/quiet.ts';
import { loadClientConfig, parseClientConfig } from '../shared/config/client-config.ts';
import { SimulatedClock } from '../shared/local/clock.ts';
import { startLocalHttpServer } from '../shared/local/http-server.ts';
import { createLocalStack } from '../shared/local/local-stack.ts';
import { startWebhookReceiver } from '../shared/local/webhook-receiver.ts';

const count = Number(process.argv[2] ?? 300);
const NETWORKS = ['instagram', 'facebook', 'x'] as const;
const PUBLISHER = `whsec_${Buffer.from('vigie-bench-publisher-secret-32b').toString('base64')}`;
const API_KEY = 'bench-key';

quietLambdaTooling();
const receiver = await startWebhookReceiver({ publisherSecret: PUBLISHER });
const example = JSON.parse(JSON.stringify(loadClientConfig('clients/example.json')));
const config = parseClientConfig({
  ...example,
  publishing: { ...example.publishing, requireApproval: false },
  publishers: Object.fromEntries(
    NETWORKS.map((network) => [
      network,
      { kind: 'webhook', url: `${receiver.url}/publish`, secretName: '/bench', verify: true },
    ]),
  ),
});
const start = new Date();
const clock = new SimulatedClock(start);
const stack = await createLocalStack({
  config,
  clock,
  mailDir: join(mkdtempSync(join(tmpdir(), 'vigie-bench-queue-')), 'mail'),
  deliverImmediately: true,
  env: { VIGIE_SECRET_PUBLISHER: PUBLISHER, VIGIE_API_KEY: API_KEY },
});
const http = await startLocalHttpServer(stack.consumers, { port: 0 });

const latencies: number[] = [];
const apiStarted = performance.now();
for (let index = 0; index < count; index++) {
  const began = performance.now();
  const response = await fetch(`${http.url}/publications`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      publicationId: `bench-${index}`,
      text: `Publication ${index} : la collection d’hiver arrive ❄️`,
      networks: NETWORKS,
      links: ['https://example.com/hiver'],
      media: [{ url: 'https://cdn.example.com/hiver.jpg', kind: 'image' }],
      campaign: 'hiver',
      scheduledFor: new Date(start.getTime() + 60_000 + Math.floor((index * 120_000) / count)).toISOString(),
    }),
  });
  await response.arrayBuffer();
  if (response.status !== 201) throw new Error(`publication ${index}: ${response.status}`);
  latencies.push(performance.now() - began);
}
const apiSeconds = (performance.now() - apiStarted) / 1000;

const publishStarted = performance.now();
await stack.scheduler.runUntil(new Date(start.getTime() + (count + 10) * 60_000), (to) =>
  clock.advanceTo(to),
);
await stack.bus.drain();
const publishSeconds = (performance.now() - publishStarted) / 1000;

const keys = receiver.posts.map(
  (post) => (post.body as { data: { publicationId: string; network: string } }).data,
);
const distinct = new Set(keys.map((key) => `${key.publicationId}#${key.network}`));
let unpublished = 0;
for (let index = 0; index < count; index++) {
  const publication = await stack.stores.publications.get(`bench-${index}`);
  unpublished += NETWORKS.filter((network) => publication?.outcomes[network]?.state !== 'published').length;
}
latencies.sort((a, b) => a - b);
const percentile = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(0);
console.log(
  '| publications × networks | POST /publications | p50 | p99 | publish (simulated run) | posts received | duplicates | not published | dead letters |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
console.log(
  `| ${count} × ${NETWORKS.length} | ${(count / apiSeconds).toFixed(0)} req/s | ${percentile(0.5)} ms | ${percentile(0.99)} ms | ${((count * NETWORKS.length) / publishSeconds).toFixed(0)} sends/s (${publishSeconds.toFixed(1)} s) | ${receiver.posts.length} | ${receiver.posts.length - distinct.size} | ${unpublished} | ${stack.deadLetters.letters.length} |`,
);
await http.close();
await stack.close();
await receiver.close();
