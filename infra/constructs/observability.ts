import { Duration } from 'aws-cdk-lib';
import {
  type Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ClientConfig } from '../../shared/config/client-config.ts';
import type { WiredFunction } from './capability.ts';

export interface ObservabilityProps {
  config: ClientConfig;
  functions: readonly WiredFunction[];
  extraDeadLetterQueues: readonly Queue[];
}

/** Alarms to the client's ops address (any DLQ message, function errors and throttles) and a dashboard. */
export class Observability extends Construct {
  readonly opsTopic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.opsTopic = new Topic(this, 'OpsTopic', {
      displayName: `Vigie ${props.config.client.displayName} ops`,
      enforceSSL: true,
    });
    this.opsTopic.addSubscription(new EmailSubscription(props.config.alerts.opsEmail));
    const notify = new SnsAction(this.opsTopic);
    const alarm = (make: () => Alarm) => {
      const created = make();
      created.addAlarmAction(notify);
      this.alarms.push(created);
    };

    const deadLetterQueues = [
      ...props.functions.map((wired) => wired.deadLetterQueue),
      ...props.extraDeadLetterQueues,
    ];
    deadLetterQueues.forEach((queue, index) => {
      alarm(() =>
        queue
          .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) })
          .createAlarm(this, `DlqAlarm${index}`, {
            alarmDescription: `A message reached ${queue.node.path}: an event was not processed (see docs/runbook.md)`,
            threshold: 1,
            evaluationPeriods: 1,
            comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: TreatMissingData.NOT_BREACHING,
          }),
      );
    });
    for (const { fn } of props.functions) {
      alarm(() =>
        fn.metricErrors({ period: Duration.minutes(5) }).createAlarm(this, `${fn.spec.id}Errors`, {
          alarmDescription: `${fn.spec.id} failed invocations`,
          threshold: 1,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
      alarm(() =>
        fn.metricThrottles({ period: Duration.minutes(5) }).createAlarm(this, `${fn.spec.id}Throttles`, {
          alarmDescription: `${fn.spec.id} throttled`,
          threshold: 1,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    const dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `vigie-${props.config.client.name}`,
    });
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Invocations',
        left: props.functions.map(({ fn }) => fn.metricInvocations()),
      }),
      new GraphWidget({ title: 'Errors', left: props.functions.map(({ fn }) => fn.metricErrors()) }),
      new GraphWidget({
        title: 'Duration p99',
        left: props.functions.map(({ fn }) => fn.metricDuration({ statistic: 'p99' })),
      }),
      new GraphWidget({
        title: 'Dead-letter queues',
        left: deadLetterQueues.map((queue) => queue.metricApproximateNumberOfMessagesVisible()),
      }),
    );
  }
}
