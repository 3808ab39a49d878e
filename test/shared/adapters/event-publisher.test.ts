import type { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { EventBridgePublisher, EventsNotPublishedError } from '../../../shared/adapters/event-publisher.ts';
import { domainEvent } from '../../../shared/events/catalog.ts';
import { loadEventFixture } from '../events/fixtures.ts';

/** EventBridge has no local stand-in: a stub at the adapter edge that fails chosen entries. */
function stubClient(failures: (call: number, index: number) => boolean) {
  const calls: { DetailType?: string; Detail?: string }[][] = [];
  const client = {
    send: async (command: PutEventsCommand) => {
      const entries = command.input.Entries ?? [];
      const call = calls.push(entries) - 1;
      const results = entries.map((_, index) =>
        failures(call, index)
          ? { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }
          : { EventId: `e-${call}-${index}` },
      );
      return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
    },
  } as unknown as EventBridgeClient;
  return { client, calls };
}

const mentions = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    domainEvent('mentionReceived', { ...loadEventFixture('mention.received'), id: `m${i}` }),
  );

describe('EventBridgePublisher', () => {
  it('sends at most 10 entries per PutEvents call', async () => {
    const { client, calls } = stubClient(() => false);
    await new EventBridgePublisher(client, 'vigie-test').publish(mentions(23));
    expect(calls.map((entries) => entries.length)).toEqual([10, 10, 3]);
    expect(calls[0]![0]).toMatchObject({
      DetailType: 'mention.received',
      Source: 'vigie.ingress',
      EventBusName: 'vigie-test',
    });
  });

  it('retries only the entries reported in FailedEntryCount', async () => {
    const { client, calls } = stubClient((call, index) => call === 0 && (index === 2 || index === 7));
    await new EventBridgePublisher(client, 'vigie-test', { attempts: 3, baseDelayMs: 1 }).publish(
      mentions(10),
    );
    expect(calls).toHaveLength(2);
    expect(calls[1]!.map((entry) => JSON.parse(entry.Detail!).id)).toEqual(['m2', 'm7']);
  });

  it('throws when entries still fail after the last attempt, so the caller does not acknowledge', async () => {
    const { client, calls } = stubClient((_, index) => index === 0);
    const publishing = new EventBridgePublisher(client, 'vigie-test', {
      attempts: 3,
      baseDelayMs: 1,
    }).publish(mentions(2));
    await expect(publishing).rejects.toBeInstanceOf(EventsNotPublishedError);
    expect(calls).toHaveLength(3);
  });
});
