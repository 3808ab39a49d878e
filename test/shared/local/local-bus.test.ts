import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { domainEvent } from '../../../shared/events/catalog.ts';
import { deliveryPolicy, functionSpecs } from '../../../shared/events/routing.ts';
import { SimulatedClock } from '../../../shared/local/clock.ts';
import { DeadLetters } from '../../../shared/local/dead-letters.ts';
import { type LocalConsumer, LocalEventBus, matchesPattern } from '../../../shared/local/local-bus.ts';
import { loadEventFixture } from '../events/fixtures.ts';

const spec = (id: string) => functionSpecs.find((candidate) => candidate.id === id)!;
const mention = (id: string) =>
  domainEvent('mentionReceived', { ...loadEventFixture('mention.received'), id });
const opened = domainEvent('incidentOpened', loadEventFixture('incident.opened'));

function busWith(consumers: LocalConsumer[]) {
  const deadLetters = new DeadLetters();
  const bus = new LocalEventBus(consumers, {
    clock: new SimulatedClock(new Date('2026-03-02T10:00:00Z')),
    deadLetters,
    deliverImmediately: false,
  });
  return { bus, deadLetters };
}

describe('EventBridge pattern matching', () => {
  it('matches lists of values, nested fields included', () => {
    const event = { source: 'vigie.crisis', 'detail-type': 'incident.opened', detail: { severity: 'major' } };
    expect(matchesPattern({ source: ['vigie.crisis'], 'detail-type': ['incident.opened'] }, event)).toBe(
      true,
    );
    expect(matchesPattern({ source: ['vigie.ingress'] }, event)).toBe(false);
    expect(matchesPattern({ detail: { severity: ['critical', 'major'] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { severity: ['minor'] } }, event)).toBe(false);
  });
});

describe('local bus', () => {
  it('routes by the routing table: an alert event reaches only the alert emailer', async () => {
    const received: string[] = [];
    const record = (id: string): LocalConsumer => ({
      spec: spec(id),
      handler: async () => {
        received.push(id);
        return { batchItemFailures: [] };
      },
    });
    const { bus } = busWith([record('recordMentions'), record('sendAlertEmail'), record('recordMetrics')]);
    await bus.publish([opened]);
    await bus.drain();
    expect(received).toEqual(['sendAlertEmail']);
  });

  it('validates events against the catalog before accepting them', async () => {
    const { bus } = busWith([]);
    await expect(
      bus.publish([domainEvent('incidentOpened', { ...opened.detail, severity: 'apocalyptic' as never })]),
    ).rejects.toThrow(/severity/);
  });

  it('retries a failing direct consumer, then dead-letters the event with the reason', async () => {
    let calls = 0;
    const { bus, deadLetters } = busWith([
      {
        spec: spec('sendAlertEmail'),
        handler: async () => {
          calls += 1;
          throw new Error('SES is down');
        },
      },
    ]);
    await bus.publish([opened]);
    await bus.drain();
    expect(calls).toBe(1 + deliveryPolicy.asyncInvokeRetryAttempts);
    expect(deadLetters.letters).toHaveLength(1);
    expect(deadLetters.letters[0]).toMatchObject({ functionId: 'sendAlertEmail', reason: 'SES is down' });
  });

  it('delivers queued events in batches, redelivers reported failures and dead-letters a poison message', async () => {
    const batches: number[] = [];
    const { bus, deadLetters } = busWith([
      {
        spec: spec('recordMentions'),
        handler: (async (event: SQSEvent) => {
          batches.push(event.Records.length);
          const poison = event.Records.filter((record) => JSON.parse(record.body).detail.id === 'poison');
          return { batchItemFailures: poison.map((record) => ({ itemIdentifier: record.messageId })) };
        }) as never,
      },
    ]);
    const events = Array.from({ length: 149 }, (_, index) => mention(`m${index}`));
    await bus.publish([...events, mention('poison')]);
    expect(batches).toEqual([100]); // a full batch is delivered at once…
    await bus.drain(); // …the rest when the bus drains
    expect(batches.slice(0, 2)).toEqual([100, 50]);
    expect(batches).toHaveLength(1 + deliveryPolicy.queueMaxReceiveCount);
    expect(deadLetters.letters).toHaveLength(1);
    expect(deadLetters.letters[0]).toMatchObject({
      functionId: 'recordMentions',
      attempts: deliveryPolicy.queueMaxReceiveCount,
    });
  });
});
