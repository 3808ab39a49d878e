/**
 * Billable operations per unit of work, counted on the local stack (real handlers, real SDK,
 * dynalite): DynamoDB write/read request units (secondary-index writes included), bus entries, SQS
 * messages, Lambda invocations and handler time, HTTP requests, archived bodies, emails, log bytes.
 * Webhook scenarios go through the signed `standard` route, like a sender; every event type that a
 * function of the routing table consumes is also measured alone, from its fixture.
 *
 *   npx tsx bench/units.ts [--write]
 *
 * --write stores the figures in shared/cost/measured-units.json, which `vigie cost` scales into
 * a month: re-run it after adding or changing a function.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, ScheduledEvent } from 'aws-lambda';
import { Webhook } from 'standardwebhooks';
import { standardWebhookHeaders } from '../shared/cli/commands/send.ts';
import { loadClientConfig } from '../shared/config/client-config.ts';
import type { MeasuredUnits, Scenario } from '../shared/cost/measured.ts';
import { addOperations, type BilledOperations, scaleOperations, sumOf } from '../shared/cost/operations.ts';
import { domainEvent, type EventName, events } from '../shared/events/catalog.ts';
import { functionSpecs } from '../shared/events/routing.ts';
import { SimulatedClock } from '../shared/local/clock.ts';
import { localContext } from '../shared/local/lambda-context.ts';
import { createLocalStack, type LocalStack } from '../shared/local/local-stack.ts';
import { type MeteredCall, OperationMeter } from '../shared/local/operation-meter.ts';
import { nextFireTime } from '../shared/local/schedule-expression.ts';

const write = process.argv.includes('--write');
process.env.POWERTOOLS_LOG_LEVEL = 'INFO'; // what the functions log in AWS (vigie-function.ts)
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
delete process.env.POWERTOOLS_METRICS_DISABLED;

const config = loadClientConfig('clients/example.json');
const secret = `whsec_${Buffer.from('vigie-bench-units-secret-000000').toString('base64')}`;
const webhook = new Webhook(secret);
const start = new Date('2026-03-02T08:00:00Z');

async function freshStack(): Promise<{ stack: LocalStack; meter: OperationMeter; clock: SimulatedClock }> {
  const meter = new OperationMeter({ keepCalls: true });
  const clock = new SimulatedClock(start);
  const stack = await createLocalStack({
    config,
    clock,
    mailDir: mkdtempSync(join(tmpdir(), 'vigie-units-mail-')),
    archiveDir: mkdtempSync(join(tmpdir(), 'vigie-units-archive-')),
    deliverImmediately: false,
    env: { VIGIE_SECRET_STANDARD: secret },
    meter,
  });
  return { stack, meter, clock };
}

/** The consumer behind `POST /webhooks/{source}` in the routing table. */
function webhookRoute(stack: LocalStack) {
  const consumer = stack.consumers.find(
    ({ spec }) =>
      spec.trigger.kind === 'http' &&
      spec.trigger.routes.some((route) => route.method === 'POST' && route.path === '/webhooks/{source}'),
  );
  if (!consumer) throw new Error('no webhook route in the routing table');
  return consumer;
}

let deliveries = 0;
/** One signed `standard` delivery, as API Gateway hands it to the function. */
async function deliver(
  stack: LocalStack,
  clock: SimulatedClock,
  type: string,
  data: unknown,
): Promise<number> {
  const { spec, handler } = webhookRoute(stack);
  const body = JSON.stringify({ type, timestamp: clock.now().toISOString(), data });
  const id = `msg_units_${++deliveries}`;
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: 'POST /webhooks/{source}',
    rawPath: '/webhooks/standard',
    rawQueryString: '',
    // Signed now: the Standard Webhooks library checks the timestamp against the wall clock.
    headers: standardWebhookHeaders(webhook, id, body, new Date()),
    pathParameters: { source: 'standard' },
    body,
    isBase64Encoded: false,
    requestContext: {
      http: {
        method: 'POST',
        path: '/webhooks/standard',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'bench',
      },
    } as APIGatewayProxyEventV2['requestContext'],
  };
  const result = (await handler(
    event as never,
    localContext(spec.id, spec.timeoutSeconds),
  )) as APIGatewayProxyStructuredResultV2;
  if (result.statusCode !== 202) throw new Error(`delivery refused: ${result.statusCode} ${result.body}`);
  return result.statusCode;
}

function mention(index: number, at: Date, negative: boolean) {
  return {
    id: `units-${index}`,
    at: at.toISOString(),
    network: (['instagram', 'facebook', 'x', 'tiktok', 'linkedin'] as const)[index % 5],
    text: negative
      ? 'Commande jamais reçue et service client injoignable depuis trois jours, c’est une honte'
      : 'Merci pour la livraison rapide, la collection est superbe !',
    lang: 'fr',
    author: { handle: `@user${index}`, followers: 100 + (index % 5000) },
    url: `https://www.instagram.com/p/units${index}/`,
    // Webhook tools usually carry their own label; unlabeled ones cost the same writes.
    sentiment: negative ? 'negative' : 'positive',
  };
}

interface Measured {
  scenario: Scenario;
  calls: MeteredCall[];
}

/** Runs `work` and returns what it cost, per `units` units of work. */
async function measure(
  name: string,
  per: string,
  units: number,
  work: (stack: LocalStack, clock: SimulatedClock) => Promise<void>,
): Promise<Measured> {
  const { stack, meter, clock } = await freshStack();
  const restoreStdout = meter.countLogs();
  const scheduledBefore = stack.scheduler.fired;
  try {
    await work(stack, clock);
    await stack.bus.drain();
  } finally {
    restoreStdout();
  }
  const operations = meter.snapshot();
  const scheduleRuns = sumOf(
    Object.fromEntries(
      functionSpecs
        .filter((spec) => spec.trigger.kind === 'schedule')
        .map((spec) => [spec.id, operations.invocations[spec.id] ?? 0]),
    ),
  );
  operations.schedulerInvocations = Math.max(0, stack.scheduler.fired - scheduledBefore - scheduleRuns);
  await stack.close();
  return {
    scenario: { name, per, units, operations: scaleOperations(operations, 1 / units) },
    calls: meter.calls,
  };
}

const STORM_MENTIONS = 1_000;
const measured: Measured[] = [];

measured.push(
  await measure('mention, quiet (one delivery, a batch of 1)', 'mention', 1, async (stack, clock) => {
    await deliver(stack, clock, 'mention', mention(0, clock.now(), false));
  }),
);

// What SQS hands the mention consumer in the storm profile: 50,000 mentions in 48 h is 0.29/s, so its
// batch window (routing table) gathers rate × window mentions, up to the batch size.
const mentionConsumer = functionSpecs.find(
  (spec) =>
    spec.trigger.kind === 'events' && (spec.trigger.events as readonly string[]).includes('mentionReceived'),
);
const queue =
  mentionConsumer?.trigger.kind === 'events' && mentionConsumer.trigger.delivery === 'queue'
    ? mentionConsumer.trigger
    : { batchSize: 1, batchWindowSeconds: 0 };
const stormBatch = Math.min(
  queue.batchSize,
  Math.max(1, Math.round((50_000 / 48 / 3600) * queue.batchWindowSeconds)),
);
for (const [label, batch] of [
  ['batches of 100', 100],
  [`50,000 in 48 h: ~${stormBatch} per ${queue.batchWindowSeconds}-s window`, stormBatch],
] as const) {
  measured.push(
    await measure(`mention, storm (${label})`, 'mention', STORM_MENTIONS, async (stack, clock) => {
      for (let i = 0; i < STORM_MENTIONS; i++) {
        const at = new Date(start.getTime() + i * 3_000);
        await stack.scheduler.runUntil(at, (to) => clock.advanceTo(to));
        clock.advanceTo(at);
        await deliver(stack, clock, 'mention', mention(i, at, i % 4 !== 0));
        if ((i + 1) % batch === 0) await stack.bus.drain();
      }
    }),
  );
}

measured.push(
  await measure('metrics snapshot (webhook, batches of 100)', 'snapshot', 100, async (stack, clock) => {
    for (let i = 0; i < 100; i++) {
      await deliver(stack, clock, 'metrics', {
        id: `snap-${i}`,
        at: clock.now().toISOString(),
        network: 'instagram',
        postId: `post-${i % 10}`,
        counters: { impressions: 1000 + i, reach: 800 + i, likes: 40, comments: 5, shares: 2, saves: 3 },
      });
    }
  }),
);

const fixture = (name: EventName) =>
  JSON.parse(readFileSync(`test/fixtures/events/v1/${events[name].detailType}.json`, 'utf8'));

// A publication requested for 10 minutes later, then an hour of simulated time (its one-time
// schedule, if the branch has one, fires), minus the same hour without it.
const anHour = async (stack: LocalStack, clock: SimulatedClock) =>
  stack.scheduler.runUntil(new Date(start.getTime() + 3_600_000), (to) => clock.advanceTo(to));
const withPublication = await measure(
  'publication requested (webhook)',
  'publication',
  1,
  async (stack, clock) => {
    await deliver(stack, clock, 'publication.requested', {
      ...fixture('publicationRequested'),
      at: clock.now().toISOString(),
      scheduledFor: new Date(start.getTime() + 600_000).toISOString(),
    });
    await anHour(stack, clock);
  },
);
const quietHour = await measure('an hour without work', 'hour', 1, anHour);
withPublication.scenario.operations = JSON.parse(
  JSON.stringify(addOperations(withPublication.scenario.operations, quietHour.scenario.operations, -1)),
  // Timing noise can make a difference of handler times negative.
  (_key, value) => (typeof value === 'number' ? Math.max(0, value) : value),
);
measured.push(withPublication);

// Every event type a function consumes, alone on the bus (from its fixture).
const consumed = [
  ...new Set(
    functionSpecs.flatMap((spec) => (spec.trigger.kind === 'events' ? [...spec.trigger.events] : [])),
  ),
] as EventName[];
for (const name of consumed) {
  measured.push(
    await measure(`event ${events[name].detailType} (alone)`, 'event', 1, async (stack) => {
      await stack.bus.publish([domainEvent(name, fixture(name))]);
    }),
  );
}

// Every scheduled function alone: its runs of a quiet day (other schedules do not fire), with what
// its events cause downstream, per run.
for (const spec of functionSpecs) {
  if (spec.trigger.kind !== 'schedule') continue;
  const { expression } = spec.trigger;
  const fireTimes: Date[] = [];
  const end = start.getTime() + 86_400_000;
  for (
    let next = nextFireTime(expression, start);
    next && next.getTime() <= end;
    next = nextFireTime(expression, next)
  )
    fireTimes.push(next);
  const measuredDay = await measure(
    `scheduled ${spec.id}, quiet day`,
    'run',
    fireTimes.length,
    async (stack, clock) => {
      const { handler } = stack.consumers.find((consumer) => consumer.spec.id === spec.id)!;
      for (const at of fireTimes) {
        clock.advanceTo(at);
        await handler(scheduledEvent(at) as never, localContext(spec.id, spec.timeoutSeconds));
        await stack.bus.drain();
      }
    },
  );
  measured.push(measuredDay);
}

function scheduledEvent(at: Date): ScheduledEvent {
  return {
    version: '0',
    id: `units-${at.getTime()}`,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: at.toISOString(),
    region: 'local',
    resources: [],
    detail: {},
  };
}

const fmt = (value: number, digits = 2) => (Number.isInteger(value) ? String(value) : value.toFixed(digits));
const ids = functionSpecs.map((spec) => spec.id);
console.log(
  `Billable operations per unit of work, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, local stack (dynalite)`,
);
console.log(
  '| scenario | per | WCU | RCU | bus entries | SQS msgs | HTTP | S3 puts | emails | log bytes | invocations |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const { scenario } of measured) {
  const o: BilledOperations = scenario.operations;
  const invocations = ids
    .filter((id) => o.invocations[id])
    .map((id) => `${id} ${fmt(o.invocations[id]!, 3)}`)
    .join(', ');
  console.log(
    `| ${scenario.name} | ${scenario.per} | ${fmt(o.writeUnits)} | ${fmt(o.readUnits)} | ${fmt(o.busEntries)} | ${fmt(o.queuedMessages)} | ${fmt(o.httpRequests)} | ${fmt(o.archivePuts)} | ${fmt(o.emails, 3)} | ${Math.round(sumOf(o.logBytes))} | ${invocations} |`,
  );
}

for (const { scenario, calls } of measured.filter((m) => m.scenario.per === 'mention')) {
  console.log(`\nWhere the units of “${scenario.name}” go (per ${scenario.per})`);
  console.log('| function | call | item | WCU | of which index | RCU | calls | failed conditions |');
  console.log('|---|---|---|---|---|---|---|---|');
  const groups = new Map<string, MeteredCall[]>();
  for (const call of calls) {
    const key = `${call.functionId}|${call.command}|${call.item}`;
    groups.set(key, [...(groups.get(key) ?? []), call]);
  }
  for (const [key, group] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
    const [functionId, command, item] = key.split('|');
    const per = (value: number) => fmt(value / scenario.units, 3);
    const total = (pick: (call: MeteredCall) => number) => group.reduce((sum, call) => sum + pick(call), 0);
    console.log(
      `| ${functionId} | ${command!.replace('Command', '')} | ${item} | ${per(total((c) => c.writeUnits + c.indexWriteUnits))} | ${per(total((c) => c.indexWriteUnits))} | ${per(total((c) => c.readUnits))} | ${per(group.length)} | ${per(total((c) => (c.conditionFailed ? 1 : 0)))} |`,
    );
  }
}

if (write) {
  const file: MeasuredUnits = {
    measuredAt: new Date().toISOString(),
    command: 'npx tsx bench/units.ts --write',
    node: process.version,
    scenarios: measured.map((m) => m.scenario),
  };
  writeFileSync('shared/cost/measured-units.json', `${JSON.stringify(file, null, 2)}\n`);
  console.log('\nwrote shared/cost/measured-units.json');
}
