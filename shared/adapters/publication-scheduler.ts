import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { isAmbiguousLocal, toLocal } from '../domain/publishing/local-time.ts';
import {
  type PublicationScheduler,
  type ScheduledAction,
  scheduleNameOf,
} from '../domain/publishing/ports.ts';
import { requiredEnv } from '../runtime/environment.ts';

/** A time already past (a retry "now", a slot passed during a slow review) fires as soon as possible. */
const EARLIEST_MS = 60_000;

export interface SchedulerTarget {
  groupName: string;
  /** The publish function. */
  targetArn: string;
  /** The role EventBridge Scheduler assumes: it may only invoke the publish function (and write the DLQ). */
  roleArn: string;
  deadLetterArn: string;
  timeZone: string;
}

/**
 * `at(yyyy-mm-ddThh:mm:ss)` in the client's time zone, as the team reads it. The one local time
 * that names two instants (the hour repeated in autumn) is given in UTC instead, so the schedule
 * fires at the instant the queue chose.
 */
export function atExpression(at: Date, timeZone: string): { expression: string; timeZone: string } {
  if (isAmbiguousLocal(at, timeZone)) {
    return { expression: `at(${at.toISOString().slice(0, 19)})`, timeZone: 'UTC' };
  }
  const local = toLocal(at, timeZone);
  return { expression: `at(${local.date}T${local.time}:00)`, timeZone };
}

/** EventBridge Scheduler: one one-time schedule per publication and network, deleted after it fires. */
export class AwsPublicationScheduler implements PublicationScheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly target: SchedulerTarget,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async upsert(action: ScheduledAction, at: Date): Promise<void> {
    const due = new Date(Math.max(at.getTime(), this.now().getTime() + EARLIEST_MS));
    const { expression, timeZone } = atExpression(due, this.target.timeZone);
    const input: CreateScheduleCommandInput = {
      Name: scheduleNameOf(action),
      GroupName: this.target.groupName,
      ScheduleExpression: expression,
      ScheduleExpressionTimezone: timeZone,
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Description:
        `${action.kind} ${action.publicationId}${'network' in action ? ` on ${action.network}` : ''}`.slice(
          0,
          512,
        ),
      Target: {
        Arn: this.target.targetArn,
        RoleArn: this.target.roleArn,
        Input: JSON.stringify(action),
        RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3_600 },
        DeadLetterConfig: { Arn: this.target.deadLetterArn },
      },
    };
    try {
      await this.client.send(new CreateScheduleCommand(input));
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
      // It exists: moved (an update takes the whole definition again).
      await this.client.send(new UpdateScheduleCommand(input));
    }
  }

  async remove(action: ScheduledAction): Promise<void> {
    try {
      await this.client.send(
        new DeleteScheduleCommand({ Name: scheduleNameOf(action), GroupName: this.target.groupName }),
      );
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }
}

/** What the local scheduler offers (shared/local/local-scheduler.ts). */
export interface OneTimeScheduler {
  add(name: string, expression: string, timeoutSeconds: number, fire: () => Promise<unknown>): void;
  remove(name: string): void;
}

/**
 * The local stack: the same one-time schedules on the local scheduler, on its simulated or real
 * clock (its `at(...)` is in UTC). The scheduler and the publish handler are wired after this
 * adapter is built (the handler needs it), hence the getters.
 */
export class LocalPublicationScheduler implements PublicationScheduler {
  constructor(
    private readonly scheduler: () => OneTimeScheduler,
    private readonly fire: (action: ScheduledAction) => Promise<unknown>,
    private readonly now: () => Date,
    private readonly timeoutSeconds = 60,
  ) {}

  async upsert(action: ScheduledAction, at: Date): Promise<void> {
    // A past time fires at the next second, like a schedule created late.
    const due = new Date(Math.max(at.getTime(), Math.floor(this.now().getTime() / 1000) * 1000 + 1000));
    const whole = new Date(Math.ceil(due.getTime() / 1000) * 1000);
    this.scheduler().add(
      scheduleNameOf(action),
      `at(${whole.toISOString().slice(0, 19)})`,
      this.timeoutSeconds,
      () => this.fire(action),
    );
  }

  async remove(action: ScheduledAction): Promise<void> {
    this.scheduler().remove(scheduleNameOf(action));
  }
}

/** The Lambda wiring: the group, target, role and DLQ from the environment the CDK sets. */
export function publicationSchedulerFromEnvironment(
  client: SchedulerClient,
  timeZone: string,
): AwsPublicationScheduler {
  return new AwsPublicationScheduler(client, {
    groupName: requiredEnv('SCHEDULE_GROUP'),
    targetArn: requiredEnv('SCHEDULE_TARGET_ARN'),
    roleArn: requiredEnv('SCHEDULER_ROLE_ARN'),
    deadLetterArn: requiredEnv('SCHEDULE_DLQ_ARN'),
    timeZone,
  });
}
