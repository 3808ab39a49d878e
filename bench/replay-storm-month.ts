/**
 * The crisis issue's load: 30 days of a large brand (≈600 mentions an hour, ≈430,000 mentions) with
 * one storm, through `vigie replay` on this machine. Prints wall time, throughput, memory and alerts.
 *
 *   npx tsx bench/replay-storm-month.ts
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runReplay } from '../shared/cli/commands/replay.ts';
import { type Scenario, scenarioEvents } from './lib/crisis-scenarios.ts';
import { toJsonl } from './lib/synthetic-events.ts';

const scenario: Scenario = {
  name: 'large-month',
  brand: 'large',
  perHour: 640,
  days: 30,
  seed: 7,
  overlays: [{ kind: 'storm', startHour: 16 * 24 + 11, hours: 4, perHour: 900 }],
};
const events = scenarioEvents(scenario);
const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-month-'));
const input = join(dir, 'month.jsonl');
writeFileSync(input, toJsonl(events));
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 1000);
const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
const summary = await runReplay(
  input,
  { out: join(dir, 'out'), client: 'clients/example.json', tail: 180 },
  { out: quiet, err: process.stderr },
);
clearInterval(sampler);
console.log(
  `vigie replay, 30 days of a large brand, ${new Date().toISOString().slice(0, 10)}, node ${process.version}`,
);
console.log(`| mentions | wall time | throughput | peak RSS | alerts |`);
console.log(`|---|---|---|---|---|`);
console.log(
  `| ${summary.mentions.toLocaleString('en')} | ${(summary.seconds / 60).toFixed(1)} min | ${Math.round(summary.eventsPerSecond).toLocaleString('en')} events/s | ${(peakRss / 1024 ** 3).toFixed(1)} GiB | ${JSON.stringify(summary.alerts)} |`,
);
