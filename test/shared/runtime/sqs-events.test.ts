import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { mentionSchema } from '../../../shared/events/catalog.ts';
import { detailOfQueuedEvent } from '../../../shared/runtime/sqs-events.ts';
import { loadEventFixture } from '../events/fixtures.ts';

const mention = loadEventFixture<Record<string, unknown>>('mention.received');
const record = (body: unknown) => ({ messageId: 'm', body: JSON.stringify(body) }) as SQSRecord;
const eventBridge = (detail: unknown) => ({
  version: '0',
  id: 'e1',
  'detail-type': 'mention.received',
  source: 'vigie.ingress',
  account: '111111111111',
  time: '2026-03-02T10:07:12Z',
  region: 'eu-west-3',
  resources: [],
  detail,
});

describe('the detail of a queued EventBridge event', () => {
  it('is checked by the event’s contract and returned', () => {
    expect(detailOfQueuedEvent(record(eventBridge(mention)), mentionSchema)).toEqual(
      mentionSchema.parse(mention),
    );
  });

  it('refuses a body that is not an EventBridge event, or a detail the contract refuses', () => {
    expect(() => detailOfQueuedEvent(record({ detail: mention }), mentionSchema)).toThrow(/version/);
    expect(() =>
      detailOfQueuedEvent(record(eventBridge({ ...mention, at: 'yesterday' })), mentionSchema),
    ).toThrow(/at/);
  });
});
