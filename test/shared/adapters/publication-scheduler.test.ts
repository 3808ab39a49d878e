import {
  ConflictException,
  ResourceNotFoundException,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { describe, expect, it } from 'vitest';
import {
  AwsPublicationScheduler,
  atExpression,
  LocalPublicationScheduler,
} from '../../../shared/adapters/publication-scheduler.ts';
import type { ScheduledAction } from '../../../shared/domain/publishing/ports.ts';
import { SimulatedClock } from '../../../shared/local/clock.ts';
import { DeadLetters } from '../../../shared/local/dead-letters.ts';
import { LocalScheduler } from '../../../shared/local/local-scheduler.ts';

const target = {
  groupName: 'vigie-example-publications',
  targetArn: 'arn:aws:lambda:eu-west-3:111111111111:function:vigie-example-publish-publication',
  roleArn: 'arn:aws:iam::111111111111:role/scheduler',
  deadLetterArn: 'arn:aws:sqs:eu-west-3:111111111111:schedule-dlq',
  timeZone: 'Europe/Paris',
};
const action: ScheduledAction = { kind: 'publish', publicationId: 'pub-2027-03-05', network: 'instagram' };

function fakeClient(failures: Record<string, Error> = {}) {
  const calls: { command: string; input: Record<string, unknown> }[] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      calls.push({ command: command.constructor.name, input: command.input });
      const failure = failures[command.constructor.name];
      if (failure) throw failure;
      return {};
    },
  } as unknown as SchedulerClient;
  return { client, calls };
}

describe('at(...) expressions', () => {
  it('are local times in the client’s time zone, except the repeated autumn hour (UTC)', () => {
    expect(atExpression(new Date('2027-03-05T08:30:00Z'), 'Europe/Paris')).toEqual({
      expression: 'at(2027-03-05T09:30:00)',
      timeZone: 'Europe/Paris',
    });
    expect(atExpression(new Date('2027-03-28T01:30:00Z'), 'Europe/Paris')).toEqual({
      expression: 'at(2027-03-28T03:30:00)',
      timeZone: 'Europe/Paris',
    });
    // 02:30 happens twice on 2027-10-31 in Paris: the instant is given in UTC.
    expect(atExpression(new Date('2027-10-31T00:30:00Z'), 'Europe/Paris')).toEqual({
      expression: 'at(2027-10-31T00:30:00)',
      timeZone: 'UTC',
    });
  });
});

describe('EventBridge Scheduler adapter', () => {
  it('creates a one-time schedule in the group: no flexible window, retries, DLQ, deleted after it fires', async () => {
    const { client, calls } = fakeClient();
    await new AwsPublicationScheduler(client, target, () => new Date('2027-03-01T00:00:00Z')).upsert(
      action,
      new Date('2027-03-05T08:30:00Z'),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]!.command).toBe('CreateScheduleCommand');
    expect(calls[0]!.input).toEqual({
      Name: expect.stringMatching(/^pub-[0-9a-f]{24}-instagram$/),
      GroupName: 'vigie-example-publications',
      ScheduleExpression: 'at(2027-03-05T09:30:00)',
      ScheduleExpressionTimezone: 'Europe/Paris',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Description: 'publish pub-2027-03-05 on instagram',
      Target: {
        Arn: target.targetArn,
        RoleArn: target.roleArn,
        Input: JSON.stringify(action),
        RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: target.deadLetterArn },
      },
    });
  });

  it('updates a schedule that exists (reschedule), and fires a past time a minute from now', async () => {
    const { client, calls } = fakeClient({
      CreateScheduleCommand: new ConflictException({ message: 'exists', Message: 'exists', $metadata: {} }),
    });
    await new AwsPublicationScheduler(client, target, () => new Date('2027-03-05T08:00:00Z')).upsert(
      action,
      new Date('2027-03-01T00:00:00Z'),
    );
    expect(calls.map((call) => call.command)).toEqual(['CreateScheduleCommand', 'UpdateScheduleCommand']);
    expect(calls[1]!.input.ScheduleExpression).toBe('at(2027-03-05T09:01:00)');
  });

  it('deletes on cancel, a schedule already gone being fine', async () => {
    const { client, calls } = fakeClient({
      DeleteScheduleCommand: new ResourceNotFoundException({
        message: 'gone',
        Message: 'gone',
        $metadata: {},
      }),
    });
    await new AwsPublicationScheduler(client, target).remove(action);
    expect(calls[0]).toEqual({
      command: 'DeleteScheduleCommand',
      input: { Name: expect.stringMatching(/^pub-/), GroupName: 'vigie-example-publications' },
    });
  });
});

describe('local scheduler adapter', () => {
  it('fires once at the simulated time, a moved schedule at its new time, a removed one never', async () => {
    const clock = new SimulatedClock(new Date('2027-03-05T08:00:00Z'));
    const fired: string[] = [];
    const local = new LocalScheduler([], clock, new DeadLetters());
    const adapter = new LocalPublicationScheduler(
      () => local,
      async (fire) => void fired.push(`${fire.publicationId}@${clock.now().toISOString()}`),
      () => clock.now(),
    );
    await adapter.upsert(action, new Date('2027-03-05T08:02:00Z'));
    await adapter.upsert({ ...action, publicationId: 'other' }, new Date('2027-03-05T08:01:00Z'));
    await adapter.upsert({ ...action, publicationId: 'other' }, new Date('2027-03-05T08:03:00Z'));
    await adapter.upsert({ ...action, publicationId: 'gone' }, new Date('2027-03-05T08:01:30Z'));
    await adapter.remove({ ...action, publicationId: 'gone' });
    await local.runUntil(new Date('2027-03-05T09:00:00Z'), (to) => clock.advanceTo(to));
    expect(fired).toEqual(['pub-2027-03-05@2027-03-05T08:02:00.000Z', 'other@2027-03-05T08:03:00.000Z']);
  });

  it('keeps a schedule that its own firing set again under the same name', async () => {
    const clock = new SimulatedClock(new Date('2027-03-05T08:00:00Z'));
    const local = new LocalScheduler([], clock, new DeadLetters());
    let fires = 0;
    const adapter: LocalPublicationScheduler = new LocalPublicationScheduler(
      () => local,
      async () => {
        fires += 1;
        if (fires === 1) await adapter.upsert(action, new Date(clock.now().getTime() + 600_000));
      },
      () => clock.now(),
    );
    await adapter.upsert(action, new Date('2027-03-05T08:01:00Z'));
    await local.runUntil(new Date('2027-03-05T09:00:00Z'), (to) => clock.advanceTo(to));
    expect(fires).toBe(2);
  });
});
