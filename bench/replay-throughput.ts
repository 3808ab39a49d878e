/**
 * Throughput of `vigie replay` (the whole pipeline on the local stack, simulated clock) on a
 * synthetic mention file, as a table.
 *
 *   npx tsx bench/replay-throughput.ts [mentions=100000] [--unlabeled]
 *
 * The file spreads the mentions over 30 days with a daily rhythm and one storm. Mentions carry an
 * upstream label unless --unlabeled, in which case Vigie's analyzer labels every one.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runReplay } from '../shared/cli/commands/replay.ts';
import { syntheticEvents, toJsonl } from './lib/synthetic-events.ts';

const target = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 100_000);
const unlabeled = process.argv.includes('--unlabeled');
const hours = 30 * 24;
const events = syntheticEvents({
  seed: 42,
  start: '2026-03-01T00:00:00Z',
  hours,
  // dailyFactor averages ≈ 0.93: aim the base rate so the file holds about `target` mentions.
  mentionsPerHour: target / hours / 0.93 - 2,
  storms: [{ startHour: 400, hours: 6, negativePerHour: 240 }],
}).filter((event) => event.type === 'mention');
if (unlabeled) for (const event of events) if (event.type === 'mention') delete event.sentiment;

const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-replay-'));
const input = join(dir, 'mentions.jsonl');
writeFileSync(input, toJsonl(events));
const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
const rssBefore = process.memoryUsage().rss;
const summary = await runReplay(
  input,
  { out: join(dir, 'out'), client: 'clients/example.json', tail: 120 },
  { out: quiet, err: process.stderr },
);

const rows = [
  ['mentions replayed', summary.mentions.toLocaleString('en')],
  ['simulated span', `${summary.from} → ${summary.to}`],
  ['labels', unlabeled ? 'Vigie analyzer (none upstream)' : 'upstream'],
  ['wall time', `${summary.seconds.toFixed(1)} s`],
  ['throughput', `${Math.round(summary.eventsPerSecond).toLocaleString('en')} events/s`],
  ['alerts', JSON.stringify(summary.alerts)],
  ['dead letters', String(summary.deadLetters)],
  ['RSS growth', `${Math.round((process.memoryUsage().rss - rssBefore) / 1024 / 1024)} MB`],
];
console.log(`vigie replay throughput, ${new Date().toISOString().slice(0, 10)}, node ${process.version}`);
for (const [name, value] of rows) console.log(`| ${name!.padEnd(18)} | ${value} |`);
