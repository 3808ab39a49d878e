import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DetailOf, domainEvent } from '../../shared/events/catalog.ts';
import { injectDynamoFaults } from '../../shared/local/fault-injection.ts';
import { withCorrelationId } from '../../shared/runtime/observability.ts';
import { loadEventFixture } from '../shared/events/fixtures.ts';
import {
  capturingLogs,
  type FaultStack,
  faultStack,
  mention,
  mentionDelivery,
  SECRET,
} from './faults/harness.ts';

let local: FaultStack;
let logs: Record<string, unknown>[];
const TEXT = 'Je révèle ici un texte entier, personnel et unique: 4c1d-secret-du-client';

beforeAll(async () => {
  // Even when someone turns on event logging, the functions never log their input.
  process.env.POWERTOOLS_LOGGER_LOG_EVENT = 'true';
  local = await faultStack(undefined, { logLevel: 'DEBUG' });
  ({ logs } = await capturingLogs(async () => {
    // Representative paths: accepted, duplicate, refused signature, bad schema, table down (503), poison.
    await local.deliver('corr-1', mentionDelivery(mention(1, { text: TEXT })));
    await local.deliver('corr-1', mentionDelivery(mention(1, { text: TEXT })));
    await local.deliver('corr-2', mentionDelivery(mention(2, { text: TEXT })));
    await local.deliver('corr-3', { type: 'mention', timestamp: 'now', data: { text: TEXT } });
    const outage = injectDynamoFaults(local.stack.dynamo.table.client, () => true);
    await local.deliver('corr-4', mentionDelivery(mention(4, { text: TEXT })), 1);
    outage.remove();
    await local.stack.bus.drain();
    const ingress = local.stack.consumers.find((consumer) => consumer.spec.id === 'receiveWebhook')!;
    await ingress.handler(
      {
        pathParameters: { source: 'standard' },
        headers: {
          'content-type': 'application/json',
          'webhook-id': 'forged',
          'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
          'webhook-signature': 'v1,Zm9yZ2VkLXNpZ25hdHVyZS12YWx1ZQ==',
        },
        body: JSON.stringify(mentionDelivery(mention(5, { text: TEXT }))),
        requestContext: { http: { method: 'POST' }, requestId: 'req-forged' },
      } as never,
      { awsRequestId: 'forged-invocation', functionName: 'receiveWebhook' } as never,
    );
    // Two mentions in one batch, so the consumer logs a batch line too.
    await local.deliver('corr-6', mentionDelivery(mention(6, { text: TEXT })));
    await local.deliver('corr-7', mentionDelivery(mention(7, { text: TEXT })));
    await local.stack.bus.drain();
  }));
});
afterAll(async () => {
  delete process.env.POWERTOOLS_LOGGER_LOG_EVENT;
  await local.stack.close();
});

describe('function logs', () => {
  it('were captured from the ingress, its archiver and the consumer', () => {
    const services = new Set(logs.map((line) => line.service));
    expect(services).toEqual(new Set(['receiveWebhook', 'archiveWebhooks', 'recordMentions']));
    expect(logs.some((line) => line.message === 'webhook rejected' && line.reason)).toBe(true);
  });

  it('never contain a secret, a signature or a mention text', () => {
    const all = JSON.stringify(logs);
    const secretKey = SECRET.slice('whsec_'.length);
    expect(all).not.toContain(secretKey);
    expect(all).not.toContain('fault-test-key'); // the API key
    expect(all).not.toContain('Zm9yZ2VkLXNpZ25hdHVyZS12YWx1ZQ==');
    expect(all).not.toMatch(/v1,[A-Za-z0-9+/=]{20,}/); // any Standard Webhooks signature
    expect(all).not.toContain('4c1d-secret-du-client');
    expect(all).not.toContain('webhook-signature');
  });
});

describe('the correlation id', () => {
  it('is the HTTP API request id in the ingress, and is carried by the event to the consumer’s log', () => {
    const accepted = logs.find((line) => line.message === 'webhook accepted' && line.deliveryId === 'corr-2');
    expect(accepted?.correlation_id).toBe('req-corr-2-1');
    const consumerLines = logs.filter((line) => line.service === 'recordMentions');
    const carried = consumerLines.filter(
      (line) =>
        line.correlation_id === 'req-corr-2-1' ||
        (Array.isArray(line.correlationIds) && line.correlationIds.includes('req-corr-2-1')),
    );
    expect(carried.length).toBeGreaterThan(0);
  });

  it('of a batch: every record’s id is listed in the batch line', () => {
    const batchLine = logs.find(
      (line) =>
        line.message === 'batch received' && (line.correlationIds as string[]).includes('req-corr-6-1'),
    );
    expect(batchLine?.correlationIds).toEqual(expect.arrayContaining(['req-corr-6-1', 'req-corr-7-1']));
  });
});

describe('the alert hop', () => {
  it('sendAlertEmail logs the correlation id its producer (the radar run) published the incident with', async () => {
    const { logs: alertLogs } = await capturingLogs(async () => {
      await withCorrelationId('radar-run-42', () =>
        local.stack.bus.publish([
          domainEvent('incidentOpened', loadEventFixture<DetailOf<'incidentOpened'>>('incident.opened')),
        ]),
      );
      await local.stack.bus.drain();
    });
    const sent = alertLogs.find((line) => line.message === 'alert email sent');
    expect(sent).toMatchObject({ service: 'sendAlertEmail', correlation_id: 'radar-run-42' });
  });
});
