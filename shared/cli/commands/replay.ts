import { SingleBar } from 'cli-progress';
import { loadClientConfig } from '../../config/client-config.ts';
import { type ReplaySummary, replay } from '../../replay/replay.ts';
import { quietLambdaTooling } from '../quiet.ts';

export interface ReplayCommandOptions {
  out: string;
  client: string;
  tail: number;
}

/** Progress is shown for files long enough to make someone wait. */
const PROGRESS_FROM_EVENTS = 5_000;

export async function runReplay(
  input: string,
  options: ReplayCommandOptions,
  io: { out: NodeJS.WritableStream; err: NodeJS.WritableStream } = {
    out: process.stdout,
    err: process.stderr,
  },
): Promise<ReplaySummary> {
  quietLambdaTooling();
  const config = loadClientConfig(options.client);
  let bar: SingleBar | undefined;
  const summary = await replay({
    input,
    outDir: options.out,
    config,
    tailMinutes: options.tail,
    onInvalidLine: (line, reason) => io.err.write(`line ${line}: ${reason} (skipped)\n`),
    onProgress: (done, total) => {
      if (total < PROGRESS_FROM_EVENTS) return;
      if (!bar) {
        bar = new SingleBar({
          stream: io.err,
          format: 'replay [{bar}] {percentage}% · {value}/{total} events · {eta_formatted} left',
          noTTYOutput: true,
          notTTYSchedule: 5000,
        });
        bar.start(total, 0);
      }
      bar.update(done);
      if (done === total) bar.stop();
    },
  });
  io.out.write(formatSummary(summary, options.out));
  return summary;
}

export function formatSummary(summary: ReplaySummary, out: string): string {
  const alerts = Object.entries(summary.alerts)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');
  return [
    `Replayed ${summary.events.toLocaleString('en')} events (${summary.mentions.toLocaleString('en')} mentions, ${summary.metricsSnapshots.toLocaleString('en')} metrics snapshots) from ${summary.from ?? '—'} to ${summary.to ?? '—'}`,
    `  lines read: ${summary.lines.toLocaleString('en')} · invalid (skipped): ${summary.invalid}`,
    `  alerts: ${alerts || 'none'} · emails: ${summary.emails} · dead letters: ${summary.deadLetters}`,
    `  time: ${summary.seconds.toFixed(1)} s · throughput: ${Math.round(summary.eventsPerSecond).toLocaleString('en')} events/s`,
    `  wrote ${out}/alerts.jsonl, ${out}/kpis.json, ${out}/posts.json, ${out}/mail/`,
    '',
  ].join('\n');
}
