import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadClientConfig, publishingTimeZone } from '../../config/client-config.ts';
import { parseCalendar } from '../../domain/publishing/calendar-import.ts';
import { ensureDevSecrets } from '../../local/dev-secrets.ts';

/** The CSV columns of the API's field names, for the report. */
const COLUMN_OF: Record<string, string> = { scheduledFor: 'date/time', links: 'link' };

export interface ImportOptions {
  /** Base URL of the API (the local stack, or the deployed HTTP API). */
  url: string;
  client: string;
  data: string;
}

export interface ImportSummary {
  queued: number;
  alreadyQueued: number;
  duplicates: number;
  invalid: number;
}

/**
 * `vigie import calendar.csv`: every row is checked first (each bad one reported with its line and
 * reason), then the others are queued through the HTTP API, as any client of the API would, each
 * with an idempotency key derived from the row (importing the same file again queues nothing twice).
 * A row that duplicates a queued publication (same text, network and day) is flagged, not queued.
 */
export async function runImport(
  file: string,
  options: ImportOptions,
  log: (line: string) => void = console.log,
): Promise<ImportSummary> {
  const config = loadClientConfig(options.client);
  const env = ensureDevSecrets(config, join(options.data, 'secrets.json'), process.env);
  const { rows, problems } = parseCalendar(await readFile(file, 'utf8'), publishingTimeZone(config));
  const summary: ImportSummary = { queued: 0, alreadyQueued: 0, duplicates: 0, invalid: problems.length };
  for (const problem of problems) log(`line ${problem.line}: ${problem.reason} (not queued)`);
  const endpoint = `${options.url.replace(/\/$/, '')}/publications`;
  for (const row of rows) {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${env.VIGIE_API_KEY}`,
        'idempotency-key': row.idempotencyKey,
      },
      body: JSON.stringify(row.input),
    });
    const body = (await response.json().catch(() => ({}))) as {
      publication?: { publicationId: string; outcomes: Record<string, { scheduledFor?: string }> };
      duplicates?: { network: string; duplicateOf: string }[];
      issues?: { path: string; message: string }[];
      error?: string;
    };
    const duplicates = (body.duplicates ?? [])
      .map((duplicate) => `${duplicate.network} (duplicate of ${duplicate.duplicateOf})`)
      .join(', ');
    switch (response.status) {
      case 201: {
        summary.queued += 1;
        const times = Object.entries(body.publication!.outcomes)
          .map(([network, outcome]) => `${network} ${outcome.scheduledFor}`)
          .join(', ');
        log(
          `line ${row.line}: queued ${body.publication!.publicationId}: ${times}${duplicates ? `; flagged, not queued on ${duplicates}` : ''}`,
        );
        if (duplicates) summary.duplicates += 1;
        break;
      }
      case 200:
        summary.alreadyQueued += 1;
        log(`line ${row.line}: already queued as ${body.publication!.publicationId}`);
        break;
      case 409:
        summary.duplicates += 1;
        log(`line ${row.line}: duplicate, not queued: same text, network and day as ${duplicates}`);
        break;
      case 400:
        summary.invalid += 1;
        log(
          `line ${row.line}: ${(body.issues ?? []).map((issue) => `${COLUMN_OF[issue.path] ?? issue.path}: ${issue.message}`).join('; ')} (not queued)`,
        );
        break;
      default:
        throw new Error(`line ${row.line}: the API answered ${response.status} ${body.error ?? ''}`.trim());
    }
  }
  log(
    `${summary.queued} queued, ${summary.alreadyQueued} already queued, ${summary.duplicates} flagged as duplicates, ${summary.invalid} invalid`,
  );
  return summary;
}
