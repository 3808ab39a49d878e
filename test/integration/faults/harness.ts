import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { paginateScan } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect } from 'vitest';
import { standardWebhookHeaders } from '../../../shared/cli/commands/send.ts';
import { quietLambdaTooling } from '../../../shared/cli/quiet.ts';
import { loadClientConfig } from '../../../shared/config/client-config.ts';
import type { Mention } from '../../../shared/events/catalog.ts';
import { SimulatedClock } from '../../../shared/local/clock.ts';
import { localContext } from '../../../shared/local/lambda-context.ts';
import {
  createLocalStack,
  type LocalStack,
  type LocalStackOptions,
} from '../../../shared/local/local-stack.ts';

export const SECRET = `whsec_${Buffer.from('vigie-fault-injection-test-secret').toString('base64')}`;
export const config = loadClientConfig('clients/example.json');
/** Mentions are dated from the start of the hour two hours ago (webhook signatures are checked on the wall clock). */
export const BASE_TIME = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000;

export interface FaultStack {
  stack: LocalStack;
  clock: SimulatedClock;
  mailDir: string;
  /** A sender: posts a signed delivery to the webhook route, retrying 5xx and crashes like senders do. */
  deliver(
    deliveryId: string,
    body: unknown,
    maxAttempts?: number,
  ): Promise<{ status: number; attempts: number }>;
}

/** A local stack on a simulated clock whose tests drain the bus themselves (SQS-style batches). */
export async function faultStack(
  adapt?: LocalStackOptions['adapt'],
  { logLevel = 'SILENT' }: { logLevel?: string } = {},
): Promise<FaultStack> {
  // The faults make the functions log errors by design: kept out of the test output (tests that read
  // the logs ask for a level and capture them).
  process.env.POWERTOOLS_LOG_LEVEL = logLevel;
  quietLambdaTooling();
  const clock = new SimulatedClock(new Date());
  const mailDir = join(mkdtempSync(join(tmpdir(), 'vigie-faults-')), 'mail');
  const stack = await createLocalStack({
    config,
    clock,
    mailDir,
    deliverImmediately: false,
    env: { VIGIE_SECRET_STANDARD: SECRET, VIGIE_API_KEY: 'fault-test-key' },
    adapt,
  });
  const ingress = stack.consumers.find((consumer) => consumer.spec.id === 'receiveWebhook')!;
  const webhook = new Webhook(SECRET);

  async function deliver(deliveryId: string, body: unknown, maxAttempts = 20) {
    const raw = JSON.stringify(body);
    for (let attempt = 1; ; attempt++) {
      const event = {
        version: '2.0',
        routeKey: 'POST /webhooks/{source}',
        rawPath: '/webhooks/standard',
        pathParameters: { source: 'standard' },
        headers: {
          ...standardWebhookHeaders(webhook, deliveryId, raw, new Date()),
          'content-type': 'application/json',
        },
        body: raw,
        isBase64Encoded: false,
        requestContext: { http: { method: 'POST' }, requestId: `req-${deliveryId}-${attempt}` },
      } as unknown as APIGatewayProxyEventV2;
      let status: number;
      try {
        const result = (await ingress.handler(
          event as never,
          localContext('receiveWebhook', 10),
        )) as APIGatewayProxyStructuredResultV2;
        status = result.statusCode ?? 200;
      } catch {
        status = 500; // the Lambda failed: API Gateway answers 500, the sender retries
      }
      if (status < 500 || attempt >= maxAttempts) return { status, attempts: attempt };
    }
  }

  return { stack, clock, mailDir, deliver };
}

export function mention(index: number, overrides: Partial<Mention> = {}): Mention {
  return {
    id: `m-${index}`,
    at: new Date(BASE_TIME + index * 7_000).toISOString(),
    network: index % 3 ? 'instagram' : 'x',
    text: `Commentaire ${index} : service client injoignable, c’est une honte`,
    author: { handle: `@fan${index % 17}`, followers: 100 + index },
    sentiment: index % 2 ? 'negative' : 'neutral',
    ...overrides,
  };
}

export const mentionDelivery = (data: Mention) => ({
  type: 'mention',
  timestamp: new Date(BASE_TIME).toISOString(),
  data,
});

export async function scanTable(stack: LocalStack): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateScan(
    { client: stack.dynamo.table.client },
    { TableName: stack.dynamo.table.tableName },
  )) {
    items.push(...(page.Items ?? []));
  }
  return items;
}

/**
 * The promise of docs/failure-modes.md: every accepted mention is stored exactly once (and counted
 * exactly once in the 5-minute counters), or sits in a DLQ with its reason. Returns what it found.
 */
export async function expectStoredOnceOrDeadLettered(
  stack: LocalStack,
  acceptedIds: readonly string[],
): Promise<{ stored: number; deadLettered: number }> {
  const items = await scanTable(stack);
  const storedById = new Map<string, number>();
  let counted = 0;
  for (const item of items) {
    const pk = String(item.pk);
    if (pk.startsWith('MENTIONS#'))
      storedById.set(String(item.id), (storedById.get(String(item.id)) ?? 0) + 1);
    if (pk.startsWith('COUNTS#')) counted += Number(item.total ?? 0);
  }
  const letters = stack.deadLetters.letters.filter((letter) => letter.functionId === 'recordMentions');
  const deadLettered = new Set<string>();
  for (const letter of letters) {
    expect(letter.reason).not.toBe('');
    const detail = (letter.event as { detail?: { id?: string } }).detail;
    if (detail?.id) deadLettered.add(detail.id);
  }
  for (const id of acceptedIds) {
    const copies = storedById.get(id) ?? 0;
    expect(copies, `mention ${id} stored ${copies} times`).toBeLessThanOrEqual(1);
    if (copies === 0) expect(deadLettered.has(id), `mention ${id} neither stored nor in a DLQ`).toBe(true);
  }
  const stored = [...storedById.values()].reduce((sum, copies) => sum + copies, 0);
  // Counted exactly once: a mention stored by a batch that then died is counted by the batch that adopts it.
  if (letters.length === 0) expect(counted, 'mentions counted in the 5-minute counters').toBe(stored);
  else expect(counted).toBeLessThanOrEqual(stored);
  return { stored, deadLettered: deadLettered.size };
}

/** Powertools log lines (JSON on stdout, warnings and errors on stderr) written while `work` runs. */
export async function capturingLogs<Result>(
  work: () => Promise<Result>,
): Promise<{ result: Result; logs: Record<string, unknown>[] }> {
  const logs: Record<string, unknown>[] = [];
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write.bind(stream));
  streams.forEach((stream, index) => {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = String(chunk);
      if (!text.startsWith('{"level"')) return writes[index]!(chunk as never, ...(rest as []));
      for (const line of text.split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      return true;
    }) as typeof stream.write;
  });
  try {
    return { result: await work(), logs };
  } finally {
    streams.forEach((stream, index) => {
      stream.write = writes[index]!;
    });
  }
}

/**
 * One fault stack for a test file, built before its first test and closed after its last: the
 * returned object reads through to it.
 */
export function useFaultStack(...args: Parameters<typeof faultStack>): FaultStack {
  let local: FaultStack | undefined;
  const current = () => {
    if (!local) throw new Error('the fault stack is built in beforeAll: use it inside a test');
    return local;
  };
  beforeAll(async () => {
    local = await faultStack(...args);
  });
  afterAll(async () => {
    await local?.stack.close();
  });
  return {
    get stack() {
      return current().stack;
    },
    get clock() {
      return current().clock;
    },
    get mailDir() {
      return current().mailDir;
    },
    deliver: (...deliverArgs) => current().deliver(...deliverArgs),
  };
}
