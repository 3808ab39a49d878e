import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { domainEvent } from '../../../shared/events/catalog.ts';
import { capturingLogs, expectStoredOnceOrDeadLettered, mention, useFaultStack } from './harness.ts';

const local = useFaultStack(undefined, { logLevel: 'WARN' });

const busEvent = (detailType: string, source: string, detail: unknown) => ({
  version: '0',
  id: randomUUID(),
  'detail-type': detailType,
  source,
  account: '000000000000',
  time: new Date().toISOString(),
  region: 'local',
  resources: [],
  detail,
});

describe('a poison message', () => {
  it('in a mention batch: the good ones are stored, the poison one is retried 5 times then dead-lettered, its reason logged by message id', async () => {
    const good = Array.from({ length: 12 }, (_, index) => mention(index));
    const { logs } = await capturingLogs(async () => {
      await local.stack.bus.publish(good.map((m) => domainEvent('mentionReceived', m)));
      local.stack.bus.deliverTo(
        'recordMentions',
        busEvent('mention.received', 'vigie.ingress', { id: 'poison', at: 'yesterday', network: 'myspace' }),
      );
      await local.stack.bus.drain();
    });
    const { stored } = await expectStoredOnceOrDeadLettered(
      local.stack,
      good.map((m) => m.id),
    );
    expect(stored).toBe(12);
    const [letter, ...others] = local.stack.deadLetters.letters;
    expect(others).toEqual([]);
    expect(letter).toMatchObject({
      functionId: 'recordMentions',
      attempts: 5,
      event: { detail: { id: 'poison' } },
    });
    const reasons = logs.filter((line) => line.messageId === letter!.messageId);
    expect(reasons).toHaveLength(5);
    expect(reasons[0]!.reason).toMatch(/is not a valid mention\.received event/);
  });

  it('to a direct consumer: retried twice, then dead-lettered with the validation error as reason', async () => {
    local.stack.bus.deliverTo(
      'sendAlertEmail',
      busEvent('incident.opened', 'vigie.crisis', { severity: 'apocalyptic' }),
    );
    await local.stack.bus.drain();
    const letter = local.stack.deadLetters.letters.find(
      (candidate) => candidate.functionId === 'sendAlertEmail',
    );
    expect(letter).toMatchObject({ attempts: 3, reason: expect.stringContaining('incidentId') });
  });
});
