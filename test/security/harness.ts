import { createHmac } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { paginateScan } from '@aws-sdk/lib-dynamodb';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect } from 'vitest';
import { standardWebhookHeaders } from '../../shared/cli/commands/send.ts';
import { quietLambdaTooling } from '../../shared/cli/quiet.ts';
import { loadClientConfig } from '../../shared/config/client-config.ts';
import { SimulatedClock } from '../../shared/local/clock.ts';
import { type LocalHttpServer, startLocalHttpServer } from '../../shared/local/http-server.ts';
import { createLocalStack, type LocalStack } from '../../shared/local/local-stack.ts';

export const STANDARD_SECRET = `whsec_${Buffer.from('security-suite-standard-secret-32').toString('base64')}`;
export const META_SECRET = { appSecret: 'security-suite-meta-app-secret', verifyToken: 'verify-me' };
export const API_KEY = 'security-suite-api-key-0123456789';

export interface Target {
  stack: LocalStack;
  http: LocalHttpServer;
  archiveDir: string;
}

/** The local stack behind its real HTTP server (routes and authorizer as in API Gateway). */
export function useTarget(): Target {
  const target = {} as Target;
  beforeAll(async () => {
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    quietLambdaTooling();
    const root = mkdtempSync(join(tmpdir(), 'vigie-security-'));
    target.archiveDir = join(root, 'archive');
    target.stack = await createLocalStack({
      config: loadClientConfig('clients/example.json'),
      clock: new SimulatedClock(new Date()),
      mailDir: join(root, 'mail'),
      archiveDir: target.archiveDir,
      deliverImmediately: true,
      env: {
        VIGIE_SECRET_STANDARD: STANDARD_SECRET,
        VIGIE_SECRET_META: JSON.stringify(META_SECRET),
        VIGIE_API_KEY: API_KEY,
      },
    });
    target.http = await startLocalHttpServer(target.stack.consumers, { port: 0 });
  });
  afterAll(async () => {
    await target.http.close();
    await target.stack.close();
  });
  return target;
}

export const mentionBody = (id: string) =>
  JSON.stringify({
    type: 'mention',
    timestamp: new Date().toISOString(),
    data: {
      id,
      at: new Date().toISOString(),
      network: 'instagram',
      text: 'tentative',
      author: { handle: '@intrus', followers: 1 },
    },
  });

export function signedStandard(id: string, body: string, secret = STANDARD_SECRET, at = new Date()) {
  return {
    'content-type': 'application/json',
    ...standardWebhookHeaders(new Webhook(secret), id, body, at),
  } as Record<string, string>;
}

export const metaSignature = (body: string, appSecret = META_SECRET.appSecret) =>
  `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;

async function scan(stack: LocalStack): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateScan(
    { client: stack.dynamo.table.client },
    { TableName: stack.dynamo.table.tableName },
  )) {
    items.push(...(page.Items ?? []));
  }
  return items;
}

function archived(dir: string): string[] {
  try {
    return readdirSync(join(dir, 'raw'), { recursive: true })
      .map(String)
      .filter((file) => file.endsWith('.json'));
  } catch {
    return [];
  }
}

/** Runs an attempt and checks it left no trace: no item in the table, no archived body, no event. */
export async function expectNoTrace(target: Target, attempt: () => Promise<void>): Promise<void> {
  // What an earlier accepted delivery set in motion settles first: a 202 does not wait for it.
  await target.stack.bus.drain();
  const itemsBefore = await scan(target.stack);
  const archivedBefore = archived(target.archiveDir);
  const publishedBefore = target.stack.bus.published;
  await attempt();
  await target.stack.bus.drain();
  expect(await scan(target.stack)).toEqual(itemsBefore);
  expect(archived(target.archiveDir)).toEqual(archivedBefore);
  expect(target.stack.bus.published).toBe(publishedBefore);
}
