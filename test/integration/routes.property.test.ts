import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClientConfig } from '../../shared/config/client-config.ts';
import { wallClock } from '../../shared/local/clock.ts';
import { type LocalHttpServer, startLocalHttpServer } from '../../shared/local/http-server.ts';
import { createLocalStack, type LocalStack } from '../../shared/local/local-stack.ts';

let stack: LocalStack;
let http: LocalHttpServer;

beforeAll(async () => {
  stack = await createLocalStack({
    config: loadClientConfig('clients/example.json'),
    clock: wallClock,
    mailDir: join(mkdtempSync(join(tmpdir(), 'vigie-property-')), 'mail'),
    deliverImmediately: true,
    env: {
      VIGIE_SECRET_STANDARD: `whsec_${Buffer.from('property-test-secret-of-32-bytes').toString('base64')}`,
      VIGIE_API_KEY: 'k',
      VIGIE_SECRET_META: JSON.stringify({ appSecret: 'a', verifyToken: 'v' }),
    },
  });
  http = await startLocalHttpServer(stack.consumers, { port: 0 });
});

afterAll(async () => {
  await http.close();
  await stack.close();
});

const header = fc.oneof(
  fc.constant(undefined),
  fc.string({ maxLength: 80 }),
  fc.constantFrom('v1,', 'v1,AAAA', '0', '-1', 'whsec_'),
);
const body = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.json({ maxDepth: 6 }),
  fc.constantFrom(
    '{"type":"mention","timestamp":"2026-03-02T10:00:00Z","data":{}}',
    '[]',
    'null',
    '{"type":',
  ),
);

describe('every route, random input', () => {
  it('never answers 5xx and never crashes: webhooks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('standard', 'meta', 'x', '..%2F..%2Fetc', 'STANDARD', ''),
        fc.constantFrom('POST', 'GET'),
        header,
        header,
        header,
        fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8', ''),
        body,
        async (source, method, id, timestamp, signature, contentType, payload) => {
          const headers: Record<string, string> = {};
          if (id !== undefined) headers['webhook-id'] = id.replace(/[^\x20-\x7e]/g, '');
          if (timestamp !== undefined) headers['webhook-timestamp'] = timestamp.replace(/[^\x20-\x7e]/g, '');
          if (signature !== undefined) headers['webhook-signature'] = signature.replace(/[^\x20-\x7e]/g, '');
          if (contentType) headers['content-type'] = contentType;
          const response = await fetch(`${http.url}/webhooks/${source}`, {
            method,
            headers,
            body: method === 'POST' ? payload : undefined,
          });
          await response.arrayBuffer();
          expect(response.status).toBeGreaterThanOrEqual(200);
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never answers 5xx and never crashes: read API and acknowledge link', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom('from', 'to', 'network', 'sentiment', 'limit', 'cursor', 'x'),
          fc.string({ maxLength: 60 }),
        ),
        fc.constantFrom('Bearer k', 'Bearer nope', 'k', ''),
        fc.string({ maxLength: 40 }),
        async (query, authorization, id) => {
          const mentions = await fetch(`${http.url}/mentions?${new URLSearchParams(query)}`, {
            headers: authorization ? { authorization } : {},
          });
          await mentions.arrayBuffer();
          expect(mentions.status).toBeLessThan(500);
          const ack = await fetch(
            `${http.url}/incidents/${encodeURIComponent(id) || 'x'}/acknowledge?sig=${encodeURIComponent(id)}`,
          );
          await ack.arrayBuffer();
          expect([403, 404]).toContain(ack.status);
        },
      ),
      { numRuns: 150 },
    );
  });
});
