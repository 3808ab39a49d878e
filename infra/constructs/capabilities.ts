import { Duration } from 'aws-cdk-lib';
import { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { QueueEncryption, Queue as SqsQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { deliveryPolicy } from '../../shared/events/routing.ts';
import { CapabilityConstruct, type CapabilityProps } from './capability.ts';
import { acknowledgeNag } from './nag.ts';

/** Mentions in, sentiment, 5-minute counters, spike detection and incidents. */
export class Crisis extends CapabilityConstruct {
  constructor(scope: Construct, id: string, props: CapabilityProps) {
    super(scope, id, 'crisis', props);
  }
}

/** Metrics snapshots in; KPI rollups and worry lines build on them. */
export class Metrics extends CapabilityConstruct {
  constructor(scope: Construct, id: string, props: CapabilityProps) {
    super(scope, id, 'metrics', props);
  }
}

/** Alert emails (crisis, KPI worry lines, failed publications). */
export class Alerts extends CapabilityConstruct {
  constructor(scope: Construct, id: string, props: CapabilityProps) {
    super(scope, id, 'alerts', props);
  }
}

/**
 * The publication queue: one EventBridge Scheduler one-time schedule per publication and network
 * lives in this group, and schedules that cannot invoke their target land in the DLQ.
 */
export class Publishing extends CapabilityConstruct {
  readonly scheduleGroupName: string;
  readonly scheduleDeadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: CapabilityProps) {
    super(scope, id, 'publishing', props);
    this.scheduleGroupName = `vigie-${props.config.client.name}-publications`;
    new CfnScheduleGroup(this, 'ScheduleGroup', { name: this.scheduleGroupName });
    this.scheduleDeadLetterQueue = new SqsQueue(this, 'ScheduleDlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(deliveryPolicy.dlqRetentionDays),
    });
    acknowledgeNag(
      this.scheduleDeadLetterQueue,
      'SQS3',
      'this queue is the dead-letter queue of the publication schedules',
    );
  }
}
