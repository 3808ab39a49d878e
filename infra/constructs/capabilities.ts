import { ArnFormat, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { Construct } from 'constructs';
import { CapabilityConstruct, type CapabilityProps } from './capability.ts';
import { acknowledgeNag } from './nag.ts';
import type { VigieFunction } from './vigie-function.ts';

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
 * lives in this group, and schedules that cannot invoke their target land in the capability's DLQ.
 * The Scheduler's role may only invoke the publish function (and write that DLQ); the functions
 * that manage schedules may only touch the group's schedules and pass that role.
 */
export class Publishing extends CapabilityConstruct {
  readonly scheduleGroupName: string;
  readonly schedulerRole: Role;
  readonly publishFunction: VigieFunction;

  constructor(scope: Construct, id: string, props: CapabilityProps) {
    super(scope, id, 'publishing', props);
    const stack = Stack.of(this);
    this.scheduleGroupName = `vigie-${props.config.client.name}-publications`;
    new CfnScheduleGroup(this, 'ScheduleGroup', { name: this.scheduleGroupName });

    const publish = this.functions.find(({ fn }) => fn.spec.trigger.kind === 'scheduler');
    if (!publish)
      throw new Error('the publishing capability needs the schedule target (trigger "scheduler")');
    this.publishFunction = publish.fn;
    // A known name: the schedules' target ARN is then known without referring to the function,
    // whose own environment needs it (it reschedules itself).
    const functionName = `vigie-${props.config.client.name}-publish-publication`;
    (publish.fn.node.defaultChild as CfnFunction).functionName = functionName;
    const targetArn = stack.formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: functionName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    this.schedulerRole = new Role(this, 'SchedulerRole', {
      description: 'Assumed by EventBridge Scheduler: invokes the publish function, nothing else',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    });
    this.schedulerRole.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [publish.fn.functionArn] }),
    );
    this.schedulerRole.addToPolicy(
      new PolicyStatement({
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetterQueue.queueArn],
      }),
    );

    const schedules = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.scheduleGroupName}/*`,
    });
    for (const { fn } of this.functions) {
      if (!fn.spec.access.publicationSchedules) continue;
      fn.addEnvironment('SCHEDULE_GROUP', this.scheduleGroupName);
      fn.addEnvironment('SCHEDULE_TARGET_ARN', targetArn);
      fn.addEnvironment('SCHEDULER_ROLE_ARN', this.schedulerRole.roleArn);
      fn.addEnvironment('SCHEDULE_DLQ_ARN', this.deadLetterQueue.queueArn);
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
          resources: [schedules],
        }),
      );
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['iam:PassRole'],
          resources: [this.schedulerRole.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
        }),
      );
      acknowledgeNag(
        fn,
        `IAM5[Resource::${nagResourceName(stack, schedules)}]`,
        'one schedule per publication and network: names cannot be listed in advance; limited to the group',
      );
    }
  }
}

/** How cdk-nag names a resource in a finding: the ARN as synthesized, pseudo parameters as `<AWS::Region>`. */
function nagResourceName(stack: Stack, arn: string): string {
  const resolved = stack.resolve(arn) as string | { 'Fn::Join': [string, (string | { Ref: string })[]] };
  if (typeof resolved === 'string') return resolved;
  return resolved['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : `<${part.Ref}>`)).join('');
}
