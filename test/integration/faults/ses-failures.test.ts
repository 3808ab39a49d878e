import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redriveDeadLetters } from '../../../shared/cli/commands/redrive.ts';
import { type DetailOf, domainEvent } from '../../../shared/events/catalog.ts';
import { FlakyMailer } from '../../../shared/local/fault-injection.ts';
import { loadEventFixture } from '../../shared/events/fixtures.ts';
import { capturingLogs, type FaultStack, faultStack } from './harness.ts';

let local: FaultStack;
let mailer: FlakyMailer;
let sesDown = 0; // how many of the next calls SES refuses
beforeAll(async () => {
  local = await faultStack(
    (dependencies) => {
      mailer = new FlakyMailer(dependencies.mailer, () => sesDown-- > 0);
      return { mailer };
    },
    { logLevel: 'ERROR' },
  );
});
afterAll(async () => {
  await local.stack.close();
});

const mails = () => {
  try {
    return readdirSync(local.mailDir).filter((file) => file.endsWith('.eml'));
  } catch {
    return [];
  }
};
const opened = (incidentId: string) =>
  domainEvent('incidentOpened', {
    ...loadEventFixture<DetailOf<'incidentOpened'>>('incident.opened'),
    incidentId,
  });

describe('SES failures', () => {
  it('a refusal is retried (asynchronous invoke retries): one email, no DLQ', async () => {
    sesDown = 2;
    await capturingLogs(async () => {
      await local.stack.bus.publish([opened('inc-retried')]);
      await local.stack.bus.drain();
    });
    expect(mailer.injected).toBe(2);
    expect(mails()).toHaveLength(1);
    expect(local.stack.deadLetters.letters).toEqual([]);
  });

  it('an outage longer than the retries: the event sits in the DLQ with the reason, failures are logged with the correlation id; the redrive sends it once', async () => {
    sesDown = 3;
    const event = opened('inc-outage');
    const { logs } = await capturingLogs(async () => {
      await local.stack.bus.publish([event]);
      await local.stack.bus.drain();
    });
    expect(mails()).toHaveLength(1);
    expect(local.stack.deadLetters.letters).toEqual([
      expect.objectContaining({
        functionId: 'sendAlertEmail',
        reason: 'Maximum sending rate exceeded (injected)',
        attempts: 3,
      }),
    ]);
    const failures = logs.filter((line) => line.message === 'alert email not sent');
    expect(failures).toHaveLength(3);
    expect(failures[0]).toMatchObject({
      service: 'sendAlertEmail',
      key: expect.stringContaining('inc-outage'),
    });
    expect(failures[0]!.correlation_id).toEqual(expect.any(String));

    expect(await redriveDeadLetters(local.stack)).toEqual({ redriven: 1, failedAgain: 0, kept: 0 });
    expect(mails()).toHaveLength(2);
    // Delivered once more (an EventBridge duplicate): already sent, nothing new.
    await local.stack.bus.publish([event]);
    await local.stack.bus.drain();
    expect(mails()).toHaveLength(2);
  });
});
