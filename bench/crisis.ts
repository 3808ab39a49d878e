/**
 * Crisis radar detection quality: seeded scenarios (bench/lib/crisis-scenarios.ts) replayed through
 * `vigie replay` (the whole pipeline, simulated clock), beside two simple baselines computed on the
 * same mentions: a fixed rule (≥ 10 negative mentions in the last hour) and an hourly volume z-score
 * (≥ 3 standard deviations above the previous week's hours), the way common tools alert.
 *
 *   npx tsx bench/crisis.ts [scenario-name-filter]
 *
 * Prints one row per scenario: storms, detected, delay from onset to the opening alert, false alarms,
 * emails per incident before the all-clear; and detected / false alarms of the baselines.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runReplay } from '../shared/cli/commands/replay.ts';
import type { ReplayLine } from '../shared/replay/input.ts';
import {
  crisisScenarios,
  crisisWindows,
  type Scenario,
  START,
  scenarioEvents,
} from './lib/crisis-scenarios.ts';
import { toJsonl } from './lib/synthetic-events.ts';

const filter = process.argv[2];
const EPISODE_GAP_MS = 6 * 3_600_000;
const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });

interface Outcome {
  storms: number;
  detected: number;
  delaysMinutes: number[];
  falseAlarms: number;
}

/** Scores alert start times against the scenario's crisis windows. */
function score(alertTimes: number[], windows: { start: number; end: number }[]): Outcome {
  const detectedAt = windows.map((window) => alertTimes.find((t) => t >= window.start && t <= window.end));
  return {
    storms: windows.length,
    detected: detectedAt.filter((t) => t !== undefined).length,
    delaysMinutes: detectedAt.flatMap((t, i) => (t === undefined ? [] : [(t - windows[i]!.start) / 60_000])),
    falseAlarms: alertTimes.filter((t) => !windows.some((w) => t >= w.start && t <= w.end)).length,
  };
}

/** Alerts closer than 6 hours to the previous one belong to the same episode (one notification). */
function episodes(times: number[]): number[] {
  const starts: number[] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (const t of times) {
    if (t - last > EPISODE_GAP_MS) starts.push(t);
    last = t;
  }
  return starts;
}

function fixedRule(events: ReplayLine[], days: number, threshold = 10): number[] {
  const negatives = events
    .filter((e) => e.type === 'mention' && e.sentiment === 'negative')
    .map((e) => Date.parse(e.at));
  const alerts: number[] = [];
  const start = Date.parse(START);
  let from = 0;
  let to = 0;
  for (let t = start + 3_600_000; t <= start + days * 86_400_000; t += 300_000) {
    while (to < negatives.length && negatives[to]! < t) to++;
    while (from < to && negatives[from]! < t - 3_600_000) from++;
    if (to - from >= threshold) alerts.push(t);
  }
  return episodes(alerts);
}

function volumeZScore(events: ReplayLine[], days: number, z = 3): number[] {
  const start = Date.parse(START);
  const hourly = new Array<number>(days * 24).fill(0);
  for (const event of events) hourly[Math.floor((Date.parse(event.at) - start) / 3_600_000)]! += 1;
  const alerts: number[] = [];
  for (let h = 24; h < hourly.length; h++) {
    const history = hourly.slice(Math.max(0, h - 168), h);
    const mean = history.reduce((a, b) => a + b, 0) / history.length;
    const sd = Math.sqrt(history.reduce((a, b) => a + (b - mean) ** 2, 0) / history.length) || 1;
    if ((hourly[h]! - mean) / sd >= z) alerts.push(start + (h + 1) * 3_600_000);
  }
  return episodes(alerts);
}

function median(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

const rows: string[][] = [];
const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-crisis-'));
let totalEvents = 0;
let totalSeconds = 0;
for (const scenario of crisisScenarios().filter((s: Scenario) => !filter || s.name.includes(filter))) {
  const events = scenarioEvents(scenario);
  const input = join(dir, `${scenario.name}.jsonl`);
  writeFileSync(input, toJsonl(events));
  const out = join(dir, scenario.name);
  const summary = await runReplay(
    input,
    { out, client: 'clients/example.json', tail: 240 },
    { out: quiet, err: quiet },
  );
  totalEvents += summary.events;
  totalSeconds += summary.seconds;
  const alerts = readFileSync(join(out, 'alerts.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { kind: string; at: string; incidentId?: string });
  const windows = crisisWindows(scenario);
  const vigie = score(
    alerts.filter((a) => a.kind === 'crisis.opened').map((a) => Date.parse(a.at)),
    windows,
  );
  const emailsPerIncident = new Map<string, number>();
  for (const alert of alerts) {
    if (alert.incidentId && alert.kind !== 'crisis.resolved') {
      emailsPerIncident.set(alert.incidentId, (emailsPerIncident.get(alert.incidentId) ?? 0) + 1);
    }
  }
  const fixed = score(fixedRule(events, scenario.days), windows);
  const zscore = score(volumeZScore(events, scenario.days), windows);
  const delay = median(vigie.delaysMinutes);
  rows.push([
    scenario.name,
    summary.mentions.toLocaleString('en'),
    `${vigie.detected}/${vigie.storms}`,
    delay === undefined ? '—' : `${Math.round(delay)} min`,
    String(vigie.falseAlarms),
    String(Math.max(0, ...emailsPerIncident.values())),
    `${fixed.detected}/${fixed.storms}`,
    String(fixed.falseAlarms),
    `${zscore.detected}/${zscore.storms}`,
    String(zscore.falseAlarms),
  ]);
  console.error(`${scenario.name}: done in ${summary.seconds.toFixed(0)} s`);
}

const header = [
  'scenario',
  'mentions',
  'Vigie detected',
  'median delay',
  'false alarms',
  'max emails / incident',
  'fixed 10/h detected',
  'false',
  'volume z≥3 detected',
  'false',
];
const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
console.log(
  `Crisis radar (sensitivity balanced), ${new Date().toISOString().slice(0, 10)}, node ${process.version}`,
);
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of rows) console.log(line(row));
console.log(`replay: ${totalEvents.toLocaleString('en')} events in ${totalSeconds.toFixed(0)} s`);
