import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Webhook } from 'standardwebhooks';
import { loadClientConfig } from '../../config/client-config.ts';
import { ensureDevSecrets } from '../../local/dev-secrets.ts';
import { parseReplayLine, type ReplayLine } from '../../replay/input.ts';

export interface SendOptions {
  url: string;
  client: string;
  data: string;
}

/**
 * Sends events (replay's JSONL format) to a Vigie `standard` webhook route, signed like a real
 * Standard Webhooks sender. The webhook id is derived from the line, so sending a file twice shows
 * the deduplication at work.
 */
export async function sendEvents(
  events: readonly ReplayLine[],
  options: SendOptions,
): Promise<Record<number, number>> {
  const config = loadClientConfig(options.client);
  const env = ensureDevSecrets(config, join(options.data, 'secrets.json'), process.env);
  const secret = env.VIGIE_SECRET_STANDARD;
  if (!secret) throw new Error('no secret for the standard source: set VIGIE_SECRET_STANDARD');
  const webhook = new Webhook(secret);
  const statuses: Record<number, number> = {};
  for (const event of events) {
    const { type, ...data } = event;
    const body = JSON.stringify({ type, timestamp: new Date().toISOString(), data });
    const id = `msg_${createHash('sha256').update(JSON.stringify(event)).digest('hex').slice(0, 24)}`;
    const response = await fetch(options.url, {
      method: 'POST',
      headers: standardWebhookHeaders(webhook, id, body, new Date()),
      body,
    });
    await response.arrayBuffer();
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
  }
  return statuses;
}

/** The headers of a Standard Webhooks delivery: id, timestamp (seconds) and the v1 signature. */
export function standardWebhookHeaders(
  webhook: Webhook,
  id: string,
  body: string,
  now: Date,
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': webhook.sign(id, now, body),
  };
}

export async function readEventFile(
  file: string,
  onInvalid: (line: number, reason: string) => void,
): Promise<ReplayLine[]> {
  const events: ReplayLine[] = [];
  const input = file === '-' ? process.stdin : createReadStream(file, 'utf8');
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    const parsed = parseReplayLine(text, ++line);
    if (!parsed) continue;
    if (parsed.ok) events.push(parsed.value);
    else onInvalid(parsed.line, parsed.reason);
  }
  return events;
}
