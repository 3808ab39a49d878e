/**
 * Rolling up one month of a busy client: the incremental path (the hourly rollup and the daily
 * close, run at their times while snapshots arrive) against one full recompute from the raw data.
 * Time, and DynamoDB read and write units counted from `ReturnConsumedCapacity` (dynalite computes
 * them as DynamoDB does: 4 KB per read unit, eventually consistent reads at half, 1 KB per write
 * unit), with a middleware on the document client.
 *
 *   npx tsx bench/rollup-month.ts [posts=70] [days=7] [hourlyForHours=24] [dailyAfter=no]
 *
 * From 1 March 2026 in Paris (the 31 days include the DST change), 5 networks with the brand's
 * account on each (hourly readings), posts published all along across 4 pillars and 6 campaigns,
 * read hourly for their first `hourlyForHours` hours (then daily with `dailyAfter=yes`), 3 % of
 * the snapshots late by 1–5 hours, 2 % delivered twice, an unlike now and then.
 *
 * Scaled down by default to stay under ~3 minutes on a shared 2-core machine: one week at the
 * density of 300 posts a month (70 posts), the month extrapolated from it (an hourly run costs
 * about the same whatever the day of the month). The whole month: `300 31 24 yes` (~6 minutes).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { metricsStores } from '../shared/adapters/metrics-stores.ts';
import { dirtySource, FROM_START } from '../shared/adapters/snapshot-store.ts';
import { quietLambdaTooling } from '../shared/cli/quiet.ts';
import { loadClientConfig, type Network } from '../shared/config/client-config.ts';
import { keys } from '../shared/data/table.ts';
import { type RollupPorts, updateRollups } from '../shared/domain/metrics/incremental.ts';
import { localHour, PERIODS, previousPeriodStart } from '../shared/domain/metrics/periods.ts';
import {
  computeRollups,
  type KpiRollup,
  type PostLink,
  postLifetimes,
  postSource,
} from '../shared/domain/metrics/rollup.ts';
import type { AccountSnapshot, MetricsSnapshot } from '../shared/events/catalog.ts';
import { startLocalDynamo } from '../shared/local/dynamo.ts';

quietLambdaTooling();
const POSTS = Number(process.argv[2] ?? 70);
const DAYS = Number(process.argv[3] ?? 7);
const HOURLY_FOR = Number(process.argv[4] ?? 24);
const DAILY_AFTER = (process.argv[5] ?? 'no') === 'yes';
const NETWORKS: Network[] = ['instagram', 'facebook', 'tiktok', 'linkedin', 'x'];
const PILLARS = ['produit', 'coulisses', 'conseils', 'communauté'];
const CAMPAIGNS = ['printemps', 'soldes', 'rentrée', 'fête-des-mères', 'lancement', 'anniversaire'];
const MONTH_START = Date.parse('2026-02-28T23:00:00Z'); // 1 March 00:00 in Paris
// 1 April 00:00 in Paris (summer time), or `DAYS` days after the start.
const MONTH_END = Math.min(MONTH_START + DAYS * 86_400_000, Date.parse('2026-03-31T22:00:00Z'));
const HOUR = 3_600_000;
const config = loadClientConfig('clients/example.json');
const timeZone = config.client.timeZone;

/** Seeded PRNG (mulberry32): the same month every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Arrival = { at: number } & (
  | { kind: 'post'; snapshot: MetricsSnapshot }
  | { kind: 'account'; snapshot: AccountSnapshot }
  | { kind: 'link'; network: Network; postId: string; link: PostLink }
);

function month(): Arrival[] {
  const rand = random(2026);
  const arrivals: Arrival[] = [];
  const deliver = (
    readAt: number,
    arrival: { kind: 'post'; snapshot: MetricsSnapshot } | { kind: 'account'; snapshot: AccountSnapshot },
  ) => {
    const late = rand() < 0.03 ? HOUR * (1 + Math.floor(rand() * 5)) : 0;
    arrivals.push({ ...arrival, at: readAt + 120_000 + late } as Arrival);
    if (rand() < 0.02) arrivals.push({ ...arrival, at: readAt + 600_000 + late } as Arrival);
  };
  for (let index = 0; index < POSTS; index++) {
    const network = NETWORKS[index % NETWORKS.length]!;
    const postId = `post-${index}`;
    const published = MONTH_START + Math.floor(rand() * (MONTH_END - MONTH_START - HOUR));
    const finalReach = 500 + Math.floor(rand() * 20_000);
    const rate = 0.01 + rand() * 0.08;
    if (index % 3 !== 2) {
      arrivals.push({
        kind: 'link',
        at: published + 1000,
        network,
        postId,
        link: {
          publicationId: `pub-${index}`,
          pillar: PILLARS[index % PILLARS.length],
          ...(index % 2 ? { campaign: CAMPAIGNS[index % CAMPAIGNS.length] } : {}),
          publishedAt: new Date(published).toISOString(),
        },
      });
    }
    let unliked = 0;
    for (let hours = 1; published + hours * HOUR < MONTH_END; hours += hours < HOURLY_FOR ? 1 : 24) {
      if (hours >= HOURLY_FOR && !DAILY_AFTER) break;
      const readAt = published + hours * HOUR;
      const progress = 1 - Math.exp(-hours / 18);
      const reach = Math.round(finalReach * progress);
      if (rand() < 0.05) unliked += 1;
      const likes = Math.max(0, Math.round(reach * rate * 0.7) - unliked);
      deliver(readAt, {
        kind: 'post',
        snapshot: {
          id: `${postId}@${hours}`,
          at: new Date(readAt).toISOString(),
          network,
          postId,
          counters: {
            impressions: Math.round(reach * 1.6),
            reach,
            likes,
            comments: Math.round(reach * rate * 0.1),
            shares: Math.round(reach * rate * 0.08),
            saves: Math.round(reach * rate * 0.12),
            clicks: Math.round(reach * 0.01),
            videoViews: index % 2 ? Math.round(reach * 1.2) : 0,
            watchTimeSeconds: index % 2 ? Math.round(reach * 9) : 0,
          },
        },
      });
    }
  }
  NETWORKS.forEach((network, index) => {
    let followers = 5_000 * (index + 1);
    let day = '';
    let views = 0;
    for (let at = MONTH_START + 1_800_000; at < MONTH_END; at += HOUR) {
      followers += Math.floor(rand() * 12) - 3;
      const localDay = localHour(new Date(at).toISOString(), timeZone).slice(0, 10);
      if (localDay !== day) [day, views] = [localDay, 0];
      views += Math.floor(rand() * 20);
      deliver(at, {
        kind: 'account',
        snapshot: {
          id: `${network}-account@${at}`,
          at: new Date(at).toISOString(),
          network,
          accountId: `brand-${network}`,
          followers,
          profileViews: views,
        },
      });
    }
  });
  return arrivals.sort((a, b) => a.at - b.at);
}

/** Counts calls, read and write units of every command sent through a document client, by phase. */
function meter(client: DynamoDBDocumentClient) {
  const totals = new Map<string, { calls: number; read: number; write: number }>();
  let phase = 'setup';
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const consumed = (
        result.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }
      ).ConsumedCapacity;
      const units = [consumed ?? []].flat().reduce((sum, item) => sum + (item.CapacityUnits ?? 0), 0);
      const isRead = /^(Get|Query|Scan|BatchGet)/.test(
        (context as { commandName?: string }).commandName ?? '',
      );
      const total = totals.get(phase) ?? { calls: 0, read: 0, write: 0 };
      total.calls += 1;
      if (isRead) total.read += units;
      else total.write += units;
      totals.set(phase, total);
      return result;
    },
    { step: 'initialize', name: 'capacityMeter' },
  );
  return {
    set phase(name: string) {
      phase = name;
    },
    of: (name: string) => totals.get(name) ?? { calls: 0, read: 0, write: 0 },
  };
}

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

async function allRows(ports: RollupPorts): Promise<KpiRollup[]> {
  const rows: KpiRollup[] = [];
  for (const period of PERIODS)
    rows.push(
      ...(await ports.rollups.list({ period, from: '2026-02-01', to: '2026-04-30', breakdown: 'all' })),
    );
  return rows;
}

const portsOf = (stores: ReturnType<typeof metricsStores>): RollupPorts => ({
  snapshots: stores.snapshotStore,
  contributions: stores.contributionStore,
  postLinks: stores.postLinks,
  rollups: stores.rollupStore,
  posts: stores.postMetricsStore,
  mentions: stores.mentionStore,
});

const arrivals = month();
const postSnapshots = arrivals.filter((a) => a.kind === 'post').length;
const accountSnapshots = arrivals.filter((a) => a.kind === 'account').length;
console.log(
  `${DAYS} days of March 2026 (Paris), ${POSTS} posts on ${NETWORKS.length} networks, hourly for ${HOURLY_FOR} h${DAILY_AFTER ? ' then daily' : ''}: ` +
    `${postSnapshots.toLocaleString('en')} post and ${accountSnapshots.toLocaleString('en')} account snapshot deliveries`,
);

// Incremental: snapshots stored as they arrive, the hourly rollup at :05, the close in the local 01:00 hour.
const incrementalDb = await startLocalDynamo();
const incrementalMeter = meter(incrementalDb.table.client);
const incremental = portsOf(metricsStores(incrementalDb.table, config));
let next = 0;
let runs = 0;
let rollupMs = 0;
let rollupCpuMs = 0;
for (let hour = MONTH_START; hour <= MONTH_END + 6 * HOUR; hour += HOUR) {
  incrementalMeter.phase = 'ingest';
  while (next < arrivals.length && arrivals[next]!.at < hour + 300_000) {
    const arrival = arrivals[next++]!;
    if (arrival.kind === 'post')
      await incremental.snapshots.save(arrival.snapshot, localHour(arrival.snapshot.at, timeZone));
    else if (arrival.kind === 'account')
      await incremental.snapshots.saveAccount(arrival.snapshot, localHour(arrival.snapshot.at, timeZone));
    else {
      await incremental.postLinks.put(arrival.network, arrival.postId, arrival.link);
      await incremental.snapshots.markDirty(
        dirtySource(postSource(arrival.network, arrival.postId), FROM_START),
      );
    }
  }
  incrementalMeter.phase = 'rollup';
  const now = new Date(hour + 300_000);
  const local = localHour(now.toISOString(), timeZone);
  const started = performance.now();
  const cpu = process.cpuUsage();
  await updateRollups(incremental, { now, timeZone });
  if (local.endsWith('T01:00'))
    await updateRollups(incremental, {
      now,
      timeZone,
      closeDay: previousPeriodStart(local.slice(0, 10), 'day'),
    });
  rollupMs += performance.now() - started;
  rollupCpuMs += cpuMs(process.cpuUsage(cpu));
  runs += 1;
  if (runs % 100 === 0) process.stderr.write(`  incremental: ${runs} hourly runs\n`);
}

// Full recompute: the same raw data in a fresh table, read whole, every row computed and written.
const fullDb = await startLocalDynamo();
const fullMeter = meter(fullDb.table.client);
const full = portsOf(metricsStores(fullDb.table, config));
const raw: Record<string, unknown>[] = [];
const seen = new Set<string>();
for (const arrival of arrivals) {
  if (arrival.kind === 'link') {
    raw.push({
      ...keys.postLink(arrival.network, arrival.postId),
      network: arrival.network,
      postId: arrival.postId,
      ...arrival.link,
    });
    continue;
  }
  if (seen.has(arrival.snapshot.id)) continue;
  seen.add(arrival.snapshot.id);
  raw.push(
    arrival.kind === 'post'
      ? {
          ...keys.snapshot(
            arrival.snapshot.network,
            arrival.snapshot.postId,
            arrival.snapshot.at,
            arrival.snapshot.id,
          ),
          ...arrival.snapshot,
        }
      : {
          ...keys.accountSnapshot(
            arrival.snapshot.network,
            arrival.snapshot.accountId,
            arrival.snapshot.at,
            arrival.snapshot.id,
          ),
          ...arrival.snapshot,
        },
  );
}
for (let start = 0; start < raw.length; start += 25) {
  const items = raw.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
  await fullDb.table.client.send(
    new BatchWriteCommand({ RequestItems: { [fullDb.table.tableName]: items } }),
  );
}
fullMeter.phase = 'full';
const fullStarted = performance.now();
const fullCpu = process.cpuUsage();
const input = {
  snapshots: await full.snapshots.all(),
  accountSnapshots: await full.snapshots.allAccounts(),
  mentionBuckets: await full.mentions.countsBetween(
    new Date(MONTH_START).toISOString(),
    new Date(MONTH_END).toISOString(),
  ),
  links: await full.postLinks.all(),
};
const rows = computeRollups(input, timeZone);
await full.rollups.save(rows);
await full.posts.save(postLifetimes(input.snapshots, timeZone, input.links));
const fullMs = performance.now() - fullStarted;
const fullCpuMs = cpuMs(process.cpuUsage(fullCpu));

incrementalMeter.phase = 'verify';
fullMeter.phase = 'verify';
const same = JSON.stringify(await allRows(incremental)) === JSON.stringify(await allRows(full));

const fmt = (value: number) => Math.round(value).toLocaleString('en');
type Units = { calls: number; read: number; write: number };
const line = (path: string, runsText: string, ms: number, cpu: number, units: Units) =>
  `| ${path} | ${runsText} | ${(ms / 1000).toFixed(1)} s | ${(cpu / 1000).toFixed(1)} s | ${fmt(units.calls)} | ${fmt(units.read)} | ${fmt(units.write)} |`;
const scaled = (units: Units, factor: number): Units => ({
  calls: units.calls * factor,
  read: units.read * factor,
  write: units.write * factor,
});
const closes = Math.round(runs / 24);
// March 2026 has 743 hours (its DST day has 23); the month's runs over the runs simulated.
const toMonth = 743 / runs;
console.log('');
console.log('| path | runs | wall time | CPU | DynamoDB calls | read units | write units |');
console.log('|---|---|---|---|---|---|---|');
console.log(
  line(
    'incremental: hourly rollup + daily close',
    `${runs} + ${closes}`,
    rollupMs,
    rollupCpuMs,
    incrementalMeter.of('rollup'),
  ),
);
console.log(line('full recompute (once, from raw)', '1', fullMs, fullCpuMs, fullMeter.of('full')));
console.log(
  line(
    '(ingestion by recordMetrics, for scale)',
    `${fmt(postSnapshots + accountSnapshots)} snapshots`,
    0,
    0,
    incrementalMeter.of('ingest'),
  ),
);
if (toMonth > 1.1) {
  const month = scaled(incrementalMeter.of('rollup'), toMonth);
  console.log(
    line(
      `incremental over a month (× ${toMonth.toFixed(2)}, extrapolated)`,
      '743 + 31',
      rollupMs * toMonth,
      rollupCpuMs * toMonth,
      month,
    ),
  );
}
console.log('');
console.log(
  `${rows.length.toLocaleString('en')} rollup rows; incremental rows = full recompute rows: ${same ? 'yes' : 'NO'}`,
);
await incrementalDb.close();
await fullDb.close();
if (!same) process.exitCode = 1;
