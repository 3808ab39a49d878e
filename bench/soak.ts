/**
 * Soak: the local stack under a sustained mixed load with injected faults, then the books are
 * balanced. Four senders post signed Standard Webhooks deliveries (mentions, metrics snapshots,
 * publication requests) to the ingress handler in-process while DynamoDB throttles and fails,
 * PutEvents refuses entries, consumers crash mid-batch, senders re-deliver and the bus duplicates;
 * the radar runs on its schedule. Afterwards: every accepted event is stored exactly once or sits in
 * a DLQ, and a redrive (faults off) empties the DLQs.
 *
 *   node --expose-gc --import tsx bench/soak.ts [seconds=180] [--disk]
 *
 * `--disk`: dynalite on disk (LevelDB in a temporary folder), so that heap growth is the functions'
 * and the bench's own bookkeeping, not the in-memory table's.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { paginateScan } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { Webhook } from 'standardwebhooks';
import { EventBridgePublisher } from '../shared/adapters/event-publisher.ts';
import { redriveDeadLetters } from '../shared/cli/commands/redrive.ts';
import { standardWebhookHeaders } from '../shared/cli/commands/send.ts';
import { quietLambdaTooling } from '../shared/cli/quiet.ts';
import { loadClientConfig } from '../shared/config/client-config.ts';
import { SimulatedClock } from '../shared/local/clock.ts';
import {
  crashingMentionStore,
  dynamoErrors,
  FlakyEventBridge,
  injectDynamoFaults,
  randomShare,
} from '../shared/local/fault-injection.ts';
import { localContext } from '../shared/local/lambda-context.ts';
import { createLocalStack } from '../shared/local/local-stack.ts';

const seconds = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 180);
const onDisk = process.argv.includes('--disk');
const SENDERS = 8;
const SECRET = `whsec_${Buffer.from('vigie-soak-benchmark-secret-0001').toString('base64')}`;
const NETWORKS = ['instagram', 'x', 'facebook', 'tiktok'] as const;

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
quietLambdaTooling();
const gc = (globalThis as { gc?: () => void }).gc;
const memory = () => {
  gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
};

const clock = new SimulatedClock(new Date());
const faults = { on: true };
let flaky: FlakyEventBridge | undefined;
let crashing: ReturnType<typeof crashingMentionStore> | undefined;
const root = mkdtempSync(join(tmpdir(), 'vigie-soak-'));
const stack = await createLocalStack({
  config: loadClientConfig('clients/example.json'),
  clock,
  mailDir: join(root, 'mail'),
  dynamoPath: onDisk ? join(root, 'dynamo') : undefined,
  deliverImmediately: false,
  env: { VIGIE_SECRET_STANDARD: SECRET },
  adapt: (dependencies) => {
    const refuse = randomShare(0.05, 1);
    flaky = new FlakyEventBridge(dependencies.publisher, (index) => faults.on && refuse(index));
    const crash = randomShare(0.0005, 2);
    crashing = crashingMentionStore(
      dependencies.mentionStore,
      (index) => faults.on && crash(index),
      // SQS redelivers a failed batch after its visibility timeout (6 × 60 s).
      () => clock.advanceTo(new Date(clock.now().getTime() + 6 * 60_000)),
    );
    return {
      publisher: new EventBridgePublisher(flaky as never, 'local', { attempts: 3, baseDelayMs: 1 }),
      mentionStore: crashing,
    };
  },
});
const throttle = randomShare(0.005, 3);
const transient = randomShare(0.01, 4);
const throttled = injectDynamoFaults(
  stack.dynamo.table.client,
  (i) => faults.on && throttle(i),
  dynamoErrors.throttled,
);
// …and every 45 s the table is down for 1.5 s: longer than every retry, so some events reach the DLQs.
const outage = { on: false };
const failed = injectDynamoFaults(
  stack.dynamo.table.client,
  (i) => faults.on && (outage.on || transient(i)),
  dynamoErrors.internal,
);

const ingress = stack.consumers.find((consumer) => consumer.spec.id === 'receiveWebhook')!;
const webhook = new Webhook(SECRET);
const accepted = {
  mentions: new Set<string>(),
  snapshots: new Set<string>(),
  publications: new Set<string>(),
};
const answers = new Map<number, number>();
let deliveries = 0;
let senderRetries = 0;
let redeliveries = 0;
let busDuplicates = 0;

async function post(deliveryId: string, body: unknown): Promise<number> {
  const raw = JSON.stringify(body);
  for (let attempt = 1; ; attempt++) {
    const event = {
      pathParameters: { source: 'standard' },
      headers: {
        ...standardWebhookHeaders(webhook, deliveryId, raw, new Date()),
        'content-type': 'application/json',
      },
      body: raw,
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST' }, requestId: randomUUID() },
    } as unknown as APIGatewayProxyEventV2;
    let status: number;
    try {
      const result = (await ingress.handler(
        event as never,
        localContext('receiveWebhook', 10),
      )) as APIGatewayProxyStructuredResultV2;
      status = result.statusCode ?? 200;
    } catch {
      status = 500;
    }
    deliveries += 1;
    answers.set(status, (answers.get(status) ?? 0) + 1);
    if (status < 500 || attempt >= 10) return status;
    senderRetries += 1;
    // Senders back off before a retry (and a failure with no I/O must not starve the timers).
    await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
  }
}

let sequence = 0;
async function sender(until: number): Promise<void> {
  while (Date.now() < until) {
    const n = sequence++;
    const now = clock.now().getTime();
    const network = NETWORKS[n % NETWORKS.length]!;
    const kind = n % 20 === 0 ? 'publication' : n % 4 === 0 ? 'metrics' : 'mention';
    const id = `soak-${kind}-${n}`;
    const body =
      kind === 'mention'
        ? {
            type: 'mention',
            timestamp: new Date().toISOString(),
            data: {
              id,
              at: new Date(now - (n % 600) * 1000).toISOString(),
              network,
              text: n % 3 ? 'Service client injoignable depuis ce matin' : 'Merci pour la livraison rapide !',
              sentiment: n % 3 ? 'negative' : 'positive',
              author: { handle: `@soak${n % 5000}`, followers: n % 1000 },
            },
          }
        : kind === 'metrics'
          ? {
              type: 'metrics',
              timestamp: new Date().toISOString(),
              data: {
                id,
                at: new Date(now).toISOString(),
                network,
                postId: `post-${n % 50}`,
                counters: { likes: n },
              },
            }
          : {
              type: 'publication.requested',
              timestamp: new Date().toISOString(),
              data: {
                publicationId: id,
                at: new Date(now).toISOString(),
                networks: [network],
                text: 'Nouvelle collection',
              },
            };
    const status = await post(`d-${n}`, body);
    if (status === 202) {
      (kind === 'mention'
        ? accepted.mentions
        : kind === 'metrics'
          ? accepted.snapshots
          : accepted.publications
      ).add(id);
    }
    // EventBridge delivers at least once: now and then the consumer gets an accepted mention twice.
    if (status === 202 && kind === 'mention' && n % 100 === 3) {
      busDuplicates += 1;
      stack.bus.deliverTo('recordMentions', {
        version: '0',
        id: randomUUID(),
        'detail-type': 'mention.received',
        source: 'vigie.ingress',
        account: '000000000000',
        time: new Date().toISOString(),
        region: 'local',
        resources: [],
        detail: body.data,
      });
    }
    // A sender re-delivers now and then (its retry after a lost answer): acknowledged, no new event.
    if (n % 50 === 7) {
      redeliveries += 1;
      await post(`d-${n}`, body);
    }
  }
}

/** SQS-style delivery: the buffers are drained in the background, the radar runs on its schedule. */
async function consumers(until: () => boolean): Promise<void> {
  while (!until()) {
    clock.advanceTo(new Date());
    await stack.bus.drain();
    await stack.scheduler.runUntil(clock.now());
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

console.log(
  `soak: ${seconds} s, ${SENDERS} senders, faults on (DynamoDB 0.5 % throttled + 1 % 500, PutEvents 5 % refused, crashes)`,
);
const before = memory();
const startedAt = Date.now();
const until = startedAt + seconds * 1000;
let loadDone = false;
const background = consumers(() => loadDone);
const outages = setInterval(() => {
  outage.on = true;
  setTimeout(() => {
    outage.on = false;
  }, 1500);
}, 45_000);
const progress = setInterval(() => {
  console.log(
    `  ${Math.round((Date.now() - startedAt) / 1000)} s: ${deliveries} requests, ${accepted.mentions.size + accepted.snapshots.size + accepted.publications.size} events accepted, RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
  );
}, 30_000);
await Promise.all(Array.from({ length: SENDERS }, () => sender(until)));
loadDone = true;
await background;
clearInterval(progress);
clearInterval(outages);
faults.on = false;
await stack.bus.drain();
const elapsed = (Date.now() - startedAt) / 1000;
const after = memory();

async function balance() {
  const mentionCopies = new Map<string, number>();
  const snapshotCopies = new Map<string, number>();
  let counted = 0;
  for await (const page of paginateScan(
    { client: stack.dynamo.table.client },
    { TableName: stack.dynamo.table.tableName },
  )) {
    for (const item of page.Items ?? []) {
      const pk = String(item.pk);
      if (pk.startsWith('MENTIONS#'))
        mentionCopies.set(String(item.id), (mentionCopies.get(String(item.id)) ?? 0) + 1);
      else if (pk.startsWith('COUNTS#')) counted += Number(item.total ?? 0);
      else if (String(item.sk).startsWith('SNAPSHOT#'))
        snapshotCopies.set(String(item.id), (snapshotCopies.get(String(item.id)) ?? 0) + 1);
    }
  }
  const inDlq = {
    mentions: new Set<string>(),
    snapshots: new Set<string>(),
    other: new Map<string, number>(),
  };
  for (const letter of stack.deadLetters.letters) {
    const id = (letter.event as { detail?: { id?: string } }).detail?.id;
    if (letter.functionId === 'recordMentions' && id) inDlq.mentions.add(id);
    else if (letter.functionId === 'recordMetrics' && id) inDlq.snapshots.add(id);
    else inDlq.other.set(letter.functionId, (inDlq.other.get(letter.functionId) ?? 0) + 1);
  }
  const row = (ids: Set<string>, copies: Map<string, number>, dlq: Set<string>) => {
    let stored = 0;
    let lost = 0;
    for (const id of ids) {
      if (copies.has(id)) stored += 1;
      else if (!dlq.has(id)) lost += 1;
    }
    const duplicates = [...copies.values()].reduce((sum, n) => sum + n - 1, 0);
    const inDlq = [...ids].filter((id) => !copies.has(id) && dlq.has(id)).length;
    // Published, then the ingress failed before its 2xx (the sender gave up): at least once, not accepted.
    const unacknowledged = [...dlq].filter((id) => !ids.has(id)).length;
    return { in: ids.size, stored, inDlq, duplicates, lost, unacknowledged };
  };
  const mentions = row(accepted.mentions, mentionCopies, inDlq.mentions);
  const storedMentions = [...mentionCopies.values()].length;
  return {
    mentions: {
      ...mentions,
      countedTwice: Math.max(0, counted - storedMentions),
      uncounted: Math.max(0, storedMentions - counted),
    },
    snapshots: row(accepted.snapshots, snapshotCopies, inDlq.snapshots),
    otherDeadLetters: Object.fromEntries(inDlq.other),
  };
}

const first = await balance();
// The operator redrives after the fix, minutes later: batches that died mid-way are past their
// orphan delay by then, so their mentions are adopted and counted (SQS's visibility timeout does the
// same in AWS; the local bus redelivers at once).
clock.advanceTo(new Date(clock.now().getTime() + 10 * 60_000));
const redrive = await redriveDeadLetters(stack);
const second = await balance();
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

console.log(
  `\n${elapsed.toFixed(0)} s of load: ${deliveries} requests (${(deliveries / elapsed).toFixed(0)}/s), answers ${JSON.stringify(Object.fromEntries(answers))}`,
);
console.log(
  `faults injected: DynamoDB ${throttled.injected} throttled + ${failed.injected} 500s (of ${throttled.calls} calls), PutEvents ${flaky?.injected ?? 0} entries refused, ${crashing?.crashes ?? 0} consumer crashes mid-batch; ${senderRetries} sender retries after a 5xx, ${redeliveries} re-deliveries, ${busDuplicates} bus duplicates\n`,
);
console.log(
  '| events | in (accepted) | stored | in DLQ | duplicates | lost | after redrive: stored / in DLQ / lost | DLQ, never acknowledged |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const [name, a, b] of [
  ['mention.received', first.mentions, second.mentions],
  ['metrics.snapshot.received', first.snapshots, second.snapshots],
] as const) {
  console.log(
    `| ${name} | ${a.in} | ${a.stored} | ${a.inDlq} | ${a.duplicates} | ${a.lost} | ${b.stored} / ${b.inDlq} / ${b.lost} | ${a.unacknowledged} |`,
  );
}
console.log(
  `| publication.requested | ${accepted.publications.size} | (no consumer on this branch) | — | — | — | — | — |`,
);
console.log(
  `\nmention counters: ${first.mentions.countedTwice} counted twice, ${first.mentions.uncounted} stored but uncounted (before redrive); after: ${second.mentions.countedTwice} / ${second.mentions.uncounted}`,
);
console.log(
  `redrive: ${JSON.stringify(redrive)}; other dead letters (before redrive): ${JSON.stringify(first.otherDeadLetters)}`,
);
console.log(
  `memory (${onDisk ? 'table on disk' : 'the in-memory table holds every stored item, delivery record and counter'}): RSS ${mib(before.rss)} → ${mib(after.rss)} (${mib(after.rss - before.rss)}), heap ${mib(before.heapUsed)} → ${mib(after.heapUsed)} (${mib(after.heapUsed - before.heapUsed)})${gc ? '' : ' (run with --expose-gc for settled figures)'}`,
);
await stack.close();
const ok =
  [first.mentions, first.snapshots, second.mentions, second.snapshots].every(
    (r) => r.duplicates === 0 && r.lost === 0,
  ) && second.mentions.countedTwice === 0;
if (!ok) process.exitCode = 1;
