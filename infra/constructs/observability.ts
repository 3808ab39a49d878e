import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  type Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ClientConfig } from '../../shared/config/client-config.ts';
import { type FunctionSpec, functionSpecs } from '../../shared/events/routing.ts';
import { METRICS_NAMESPACE } from '../../shared/runtime/observability.ts';
import type { WiredFunction } from './capability.ts';

export interface ObservabilityProps {
  config: ClientConfig;
  functions: readonly WiredFunction[];
  extraDeadLetterQueues: readonly Queue[];
  /** The HTTP API of the webhooks: its 5xx rate is watched. */
  httpApi: HttpApi;
}

/** A metric the functions emit through Powertools (namespace Vigie, dimension `service` = function id). */
export function vigieMetric(functionId: string, metricName: string, period: Duration): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: functionId },
    statistic: 'Sum',
    period,
  });
}

/** HTTP routes and the authorizer: a failure goes back to the caller, no DLQ sees it. */
export function answersSynchronously(spec: FunctionSpec): boolean {
  return spec.trigger.kind === 'http' || spec.trigger.kind === 'authorizer';
}

/** Share of 5xx answers of the HTTP API (webhooks and read API) above which ops are told. */
export const WEBHOOK_5XX_RATE_PERCENT = 5;

/**
 * Alarms to the client's ops address (any DLQ message, function errors and throttles, failed alert
 * emails, the HTTP API's 5xx rate, no mentions for an unusual time) and a dashboard with all of them.
 */
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
    // An alarm is billed per metric (0.10 USD a month): asynchronous functions (rules, queues,
    // schedules) are watched by their DLQ, where an event lands once its retries failed; only
    // synchronous ones (HTTP routes, the authorizer) have no DLQ to catch a failure, so they get an
    // error alarm of their own. Throttling is one alarm on the account's Lambda metric (Vigie has
    // the account to itself: one client, one account).
    for (const { fn } of props.functions) {
      if (!answersSynchronously(fn.spec)) continue;
      alarm(() =>
        fn.metricErrors({ period: Duration.minutes(5) }).createAlarm(this, `${fn.spec.id}Errors`, {
          alarmDescription: `${fn.spec.id} failed invocations (its callers got a 5xx)`,
          threshold: 1,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    alarm(() =>
      new Metric({
        namespace: 'AWS/Lambda',
        metricName: 'Throttles',
        statistic: 'Sum',
        period: Duration.minutes(5),
      }).createAlarm(this, 'FunctionThrottles', {
        alarmDescription:
          'Lambda refused invocations in the account (concurrency exhausted): see docs/runbook.md',
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    // Failed alert emails (SES refused or was unreachable): counted by every function that sends them.
    const mailers = functionSpecs.filter((spec) => spec.access.sendEmail).map((spec) => spec.id);
    const failedEmails = mailers.map((id) => vigieMetric(id, 'AlertEmailsFailed', Duration.minutes(5)));
    for (const [index, metric] of failedEmails.entries()) {
      alarm(() =>
        metric.createAlarm(this, `${mailers[index]}EmailFailures`, {
          alarmDescription: `${mailers[index]} could not send an alert email (SES): the team may not know of a crisis`,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    const requests = props.httpApi.metricCount({ period: Duration.minutes(5), statistic: 'Sum' });
    const serverErrors = props.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' });
    const serverErrorRate = new MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: { requests, errors: serverErrors },
      label: 'HTTP API 5xx (%)',
      period: Duration.minutes(5),
    });
    alarm(() =>
      serverErrorRate.createAlarm(this, 'Webhook5xxRate', {
        alarmDescription: `More than ${WEBHOOK_5XX_RATE_PERCENT} % of HTTP API answers are 5xx: senders are retrying (bus or table refused)`,
        threshold: WEBHOOK_5XX_RATE_PERCENT,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    // Silence is a failure too: a sender stopped calling, a secret was rotated on one side only…
    const silenceHours = props.config.alerts.silenceAlarmHours;
    const mentionsReceived = vigieMetric('recordMentions', 'MentionsReceived', Duration.hours(1));
    alarm(() =>
      mentionsReceived.createAlarm(this, 'NoMentions', {
        alarmDescription: `No mention received for ${silenceHours} hours (see docs/runbook.md)`,
        threshold: 1,
        evaluationPeriods: silenceHours,
        datapointsToAlarm: silenceHours,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        // No data point at all is exactly the silence this alarm is about.
        treatMissingData: TreatMissingData.BREACHING,
      }),
    );

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
    dashboard.addWidgets(
      new GraphWidget({ title: 'Throttles', left: props.functions.map(({ fn }) => fn.metricThrottles()) }),
      new GraphWidget({ title: 'HTTP API 5xx rate (%)', left: [serverErrorRate] }),
      new GraphWidget({ title: 'Mentions received per hour', left: [mentionsReceived] }),
      new GraphWidget({ title: 'Failed alert emails', left: failedEmails }),
    );
    dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }));
  }
}
