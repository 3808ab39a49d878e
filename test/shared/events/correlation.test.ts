import { describe, expect, it } from 'vitest';
import { toBusEntry } from '../../../shared/adapters/event-publisher.ts';
import { type DomainEvent, type EventName, events } from '../../../shared/events/catalog.ts';
import { correlationIdsOf, withCorrelationId } from '../../../shared/runtime/observability.ts';
import { loadEventFixture } from './fixtures.ts';

const names = Object.keys(events) as EventName[];

describe('the correlation id on the bus', () => {
  it.each(names)(
    '%s: stamped by the publisher, accepted and stripped by the contract (detail schemas are not strict)',
    (name) => {
      const contract = events[name];
      const detail = loadEventFixture<Record<string, unknown>>(contract.detailType);
      const entry = withCorrelationId('req-123', () => toBusEntry({ name, detail } as DomainEvent, 'bus'));
      const sent = JSON.parse(entry.Detail!) as Record<string, unknown>;
      expect(sent.correlationId).toBe('req-123');
      const received = contract.schema.safeParse(sent);
      expect(received.success, received.error?.message).toBe(true);
      expect(received.data).not.toHaveProperty('correlationId');
    },
  );

  it('is absent outside an invocation (replay, reingest)', () => {
    const entry = toBusEntry(
      { name: 'mentionReceived', detail: loadEventFixture('mention.received') } as DomainEvent,
      'bus',
    );
    expect(JSON.parse(entry.Detail!)).not.toHaveProperty('correlationId');
  });

  it('is read from each kind of trigger', () => {
    expect(correlationIdsOf({ requestContext: { requestId: 'r-1' } })).toEqual(['r-1']);
    expect(correlationIdsOf({ id: 'e-1', detail: { correlationId: 'r-1' } })).toEqual(['r-1']);
    expect(correlationIdsOf({ id: 'e-2', detail: {} })).toEqual(['e-2']); // a schedule, or an unstamped event
    const record = (id: string) => ({
      body: JSON.stringify({ id: `e-${id}`, detail: { correlationId: id } }),
    });
    expect(
      correlationIdsOf({ Records: [record('a'), record('b'), record('a'), { body: 'not json' }] }),
    ).toEqual(['a', 'b']);
  });
});
