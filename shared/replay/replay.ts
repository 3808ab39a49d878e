import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ClientConfig } from '../config/client-config.ts';
import { daysBetween } from '../data/table.ts';
import { bucketStartOf } from '../domain/crisis/buckets.ts';
import { computeRollups, postLifetimes } from '../domain/metrics/rollup.ts';
import { type DomainEvent, domainEvent } from '../events/catalog.ts';
import { SimulatedClock } from '../local/clock.ts';
import { createLocalStack } from '../local/local-stack.ts';
import { OperationMeter } from '../local/operation-meter.ts';
import { type ParsedLine, parseReplayLine, type ReplayLine } from './input.ts';

export interface ReplayOptions {
  input: string;
  outDir: string;
  config: ClientConfig;
  /** Simulated time after the last event during which schedules keep firing (e.g. to see an all-clear). */
  tailMinutes?: number;
  onProgress?: (done: number, total: number) => void;
  onInvalidLine?: (line: number, reason: string) => void;
}

export interface ReplaySummary {
  lines: number;
  events: number;
  invalid: number;
  mentions: number;
  metricsSnapshots: number;
  alerts: Record<string, number>;
  emails: number;
  deadLetters: number;
  from?: string;
  to?: string;
  seconds: number;
  eventsPerSecond: number;
}

const DEFAULT_TAIL_MINUTES = 120;

/**
 * Feeds a JSONL file of events through the same pipeline as production, on a fresh in-memory
 * store, with a simulated clock: events are put on the bus in time order and schedules fire at
 * their simulated times in between. Writes alerts.jsonl, kpis.json, posts.json, operations.json
 * (what AWS would bill: `vigie cost --from-replay`) and mail/.
 */
export async function replay(options: ReplayOptions): Promise<ReplaySummary> {
  const started = performance.now();
  const { lines, events, invalid } = await readEvents(options);
  events.sort((a, b) => a.at.localeCompare(b.at));
  await mkdir(options.outDir, { recursive: true });

  const first = events[0]?.at ?? new Date().toISOString();
  const clock = new SimulatedClock(new Date(first));
  const meter = new OperationMeter();
  const stack = await createLocalStack({
    meter,
    config: options.config,
    clock,
    mailDir: join(options.outDir, 'mail'),
    deliverImmediately: false,
  });
  const advance = (to: Date) => clock.advanceTo(to);

  try {
    let done = 0;
    for (const event of events) {
      const at = new Date(event.at);
      await stack.scheduler.runUntil(at, advance);
      clock.advanceTo(at);
      await stack.bus.publish([toDomainEvent(event)]);
      done += 1;
      if (done % 1000 === 0) options.onProgress?.(done, events.length);
    }
    const last = events[events.length - 1]?.at ?? first;
    const end = new Date(Date.parse(last) + (options.tailMinutes ?? DEFAULT_TAIL_MINUTES) * 60_000);
    await stack.bus.drain();
    await stack.scheduler.runUntil(end, advance);
    await stack.bus.drain();
    options.onProgress?.(events.length, events.length);

    const alerts = [];
    for (const month of monthsBetween(first, end.toISOString()))
      alerts.push(...(await stack.stores.alerts.listMonth(month)));
    await writeFile(
      join(options.outDir, 'alerts.jsonl'),
      alerts.map((alert) => JSON.stringify({ kind: alert.kind, at: alert.at, ...alert.fields })).join('\n') +
        (alerts.length ? '\n' : ''),
    );
    // A full recompute from the raw data the pipeline stored (the rollup job's rows are the same).
    const timeZone = options.config.client.timeZone;
    const snapshots = await stack.stores.snapshots.all();
    const links = await stack.stores.postLinks.all();
    const input = {
      snapshots,
      accountSnapshots: await stack.stores.snapshots.allAccounts(),
      // From the start of the first event's 5-minute bucket: that bucket holds the first mentions.
      mentionBuckets: await stack.stores.mentions.countsBetween(bucketStartOf(first), end.toISOString()),
      links,
    };
    await writeFile(
      join(options.outDir, 'kpis.json'),
      `${JSON.stringify(computeRollups(input, timeZone), null, 2)}\n`,
    );
    await writeFile(
      join(options.outDir, 'posts.json'),
      `${JSON.stringify(postLifetimes(snapshots, timeZone, links), null, 2)}\n`,
    );

    // What the replayed span would be billed for: `vigie cost --from-replay <out>` scales it to a month.
    const operations = meter.snapshot();
    operations.schedulerInvocations = Math.max(
      0,
      stack.scheduler.fired -
        stack.consumers
          .filter(({ spec }) => spec.trigger.kind === 'schedule')
          .reduce((sum, { spec }) => sum + (operations.invocations[spec.id] ?? 0), 0),
    );
    await writeFile(
      join(options.outDir, 'operations.json'),
      `${JSON.stringify({ from: first, to: end.toISOString(), spanDays: (end.getTime() - Date.parse(first)) / 86_400_000, events: events.length, operations }, null, 2)}\n`,
    );

    const seconds = (performance.now() - started) / 1000;
    const alertCounts: Record<string, number> = {};
    for (const alert of alerts) alertCounts[alert.kind] = (alertCounts[alert.kind] ?? 0) + 1;
    return {
      lines,
      events: events.length,
      invalid,
      mentions: events.filter((event) => event.type === 'mention').length,
      metricsSnapshots: events.filter((event) => event.type === 'metrics' || event.type === 'account').length,
      alerts: alertCounts,
      emails: stack.mailer.sent.length,
      deadLetters: stack.deadLetters.letters.length,
      from: events[0]?.at,
      to: events[events.length - 1]?.at,
      seconds,
      eventsPerSecond: events.length / seconds,
    };
  } finally {
    await stack.close();
  }
}

async function readEvents(
  options: ReplayOptions,
): Promise<{ lines: number; events: ReplayLine[]; invalid: number }> {
  const events: ReplayLine[] = [];
  let lines = 0;
  let invalid = 0;
  const reader = createInterface({
    input: createReadStream(options.input, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const text of reader) {
    lines += 1;
    const parsed: ParsedLine | undefined = parseReplayLine(text, lines);
    if (!parsed) continue;
    if (parsed.ok) events.push(parsed.value);
    else {
      invalid += 1;
      options.onInvalidLine?.(parsed.line, parsed.reason);
    }
  }
  return { lines, events, invalid };
}

export function toDomainEvent(line: ReplayLine): DomainEvent {
  if (line.type === 'mention') {
    const { type, ...mention } = line;
    return domainEvent('mentionReceived', mention);
  }
  if (line.type === 'account') {
    const { type, ...snapshot } = line;
    return domainEvent('accountSnapshotReceived', snapshot);
  }
  const { type, ...snapshot } = line;
  return domainEvent('metricsSnapshotReceived', snapshot);
}

function monthsBetween(from: string, to: string): string[] {
  return [...new Set(daysBetween(from, to).map((day) => day.slice(0, 7)))];
}
