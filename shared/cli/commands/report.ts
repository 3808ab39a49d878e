import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadClientConfig } from '../../config/client-config.ts';
import { addMonths, localMidnightIso } from '../../domain/metrics/calendar.ts';
import {
  buildMonthlyReport,
  type MonthlyReport,
  type MonthlyReportInput,
  type ReportPost,
} from '../../domain/metrics/monthly-report.ts';
import { renderMonthlyReport } from '../../domain/metrics/report-html.ts';
import { computeRollups, postLifetimes } from '../../domain/metrics/rollup.ts';
import type { KpiRow } from '../../domain/metrics/worry-lines.ts';
import { wallClock } from '../../local/clock.ts';
import { createLocalStack, dataFolders } from '../../local/local-stack.ts';
import { quietLambdaTooling } from '../quiet.ts';

export interface ReportOptions {
  month: string;
  client: string;
  /** A `vigie replay` output folder (kpis.json, posts.json, alerts.jsonl). */
  fromReplay?: string;
  /** The local stack's data folder (used when no replay folder is given). */
  data: string;
  out?: string;
}

type ReportData = Pick<MonthlyReportInput, 'rollups' | 'posts' | 'alerts'>;

async function readJson<T>(file: string): Promise<T> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}

/** What `vigie replay` wrote: kpis.json and posts.json are required, alerts.jsonl is optional. */
export async function readReplayOutput(dir: string): Promise<ReportData> {
  const alertsFile = join(dir, 'alerts.jsonl');
  const alerts = existsSync(alertsFile)
    ? (await readFile(alertsFile, 'utf8'))
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line) as { kind: string; at: string })
    : [];
  return {
    rollups: await readJson<KpiRow[]>(join(dir, 'kpis.json')),
    posts: await readJson<ReportPost[]>(join(dir, 'posts.json')),
    alerts,
  };
}

/**
 * The local stack's data (`vigie start` stopped: the embedded database is single-process), recomputed
 * from the raw snapshots, account readings, post links and mention counters as `vigie replay` does:
 * the rollup job's rows are the same, and the file does not depend on the job having run.
 */
async function readLocalData(
  data: string,
  month: string,
  timeZone: string,
  client: string,
): Promise<ReportData> {
  const stack = await createLocalStack({
    config: loadClientConfig(client),
    clock: wallClock,
    ...dataFolders(data),
    deliverImmediately: false,
  });
  try {
    const { snapshots, postLinks, mentions, alerts } = stack.stores;
    const [posts, links] = [await snapshots.all(), await postLinks.all()];
    const from = localMidnightIso(addMonths(`${month}-01`, -1), timeZone);
    const to = localMidnightIso(addMonths(`${month}-01`, 1), timeZone);
    const rollups = computeRollups(
      {
        snapshots: posts,
        accountSnapshots: await snapshots.allAccounts(),
        mentionBuckets: await mentions.countsBetween(from, to),
        links,
      },
      timeZone,
    );
    const sent = [];
    for (const offset of [-1, 0, 1])
      sent.push(...(await alerts.listMonth(addMonths(`${month}-01`, offset).slice(0, 7))));
    return { rollups, posts: postLifetimes(posts, timeZone, links), alerts: sent };
  } finally {
    await stack.close();
  }
}

/** `vigie report --month YYYY-MM`: the monthly report as one HTML file, charts inline (data: URIs). */
export async function runReport(
  options: ReportOptions,
  log: (line: string) => void = console.log,
): Promise<{ file: string; report: MonthlyReport }> {
  quietLambdaTooling();
  const config = loadClientConfig(options.client);
  const timeZone = config.client.timeZone;
  const data = options.fromReplay
    ? await readReplayOutput(options.fromReplay)
    : await readLocalData(options.data, options.month, timeZone, options.client);
  const report = buildMonthlyReport({
    month: options.month,
    brand: config.client.displayName,
    language: config.client.language,
    timeZone,
    worryLines: config.worryLines,
    ...data,
  });
  const file = options.out ?? `report-${options.month}.html`;
  await writeFile(file, renderMonthlyReport(report, 'data').html);
  log(
    `wrote ${file}: ${report.kpis.length} KPIs, ${report.postsOfMonth} posts, ${report.worryLines.reduce((sum, review) => sum + review.crossings.length, 0)} worry-line crossings (${options.fromReplay ? `from ${options.fromReplay}` : `from ${options.data}`})`,
  );
  return { file, report };
}
