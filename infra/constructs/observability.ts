import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  type Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ClientConfig } from '../../shared/config/client-config.ts';
import type { Capability } from '../../shared/events/routing.ts';
import { METRICS_NAMESPACE } from '../../shared/runtime/observability.ts';
import type { WiredFunction } from './capability.ts';

export interface ObservabilityProps {
  config: ClientConfig;
  functions: readonly WiredFunction[];
  /** The HTTP API of the webhooks and the read API: its 5xx answers are watched. */
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

/** The one function that counts the alert emails SES refused (`AlertEmailsFailed`). */
export const ALERT_EMAIL_SENDER = 'sendAlertEmail';

/**
 * Alarms to the client's ops address and a dashboard with all of them. CloudWatch bills an alarm
 * per metric it evaluates (0.10 USD a month, the first 10 free), so each alarm covers a class of
 * failure rather than a function: any message in a capability's DLQ (where every asynchronous
 * failure lands once retries are spent), any 5xx of the HTTP API (where every synchronous failure
 * surfaces: a route's or the authorizer's), Lambda throttling in the account, failed alert
 * emails, and no mentions for an unusual time. The dashboard shows them all, within the free tier.
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

    // Functions of one capability share its DLQ: one alarm per queue, not per function.
    const deadLetterQueues = new Map<Queue, Capability>();
    for (const { fn, deadLetterQueue } of props.functions) {
      deadLetterQueues.set(deadLetterQueue, fn.spec.capability);
    }
    for (const [queue, capability] of deadLetterQueues) {
      alarm(() =>
        queue
          .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) })
          .createAlarm(this, `${capability}DlqAlarm`, {
            alarmDescription: `A message reached the ${capability} DLQ: an event was not processed after its retries (docs/runbook.md; after the fix, vigie redrive --queue ${capability})`,
            threshold: 1,
            evaluationPeriods: 1,
            comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: TreatMissingData.NOT_BREACHING,
          }),
      );
    }

    // A 5xx is always a bug or an outage (bad input gets a 4xx), and a route's or the
    // authorizer's failure surfaces as one: a single count alarm replaces per-function error alarms.
    const serverErrors = props.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' });
    alarm(() =>
      serverErrors.createAlarm(this, 'Http5xx', {
        alarmDescription:
          'The HTTP API answered 5xx (a route or the authorizer failed): senders retry, readers saw an error (docs/runbook.md)',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    // Throttling: the account's Lambda metric (Vigie has the account to itself: one client, one account).
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

    // SES refused or was unreachable: told at once, before the retries end in the alerts DLQ.
    const failedEmails = vigieMetric(ALERT_EMAIL_SENDER, 'AlertEmailsFailed', Duration.minutes(5));
    alarm(() =>
      failedEmails.createAlarm(this, 'AlertEmailFailures', {
        alarmDescription: `${ALERT_EMAIL_SENDER} could not send an alert email (SES): the team may not know of a crisis`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
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
    // At most 50 metrics, the free tier's limit for a dashboard: account totals where one line
    // says enough (Vigie has the account to itself), per function where the function matters.
    const allFunctions = (metricName: string, statistic: string) =>
      new Metric({ namespace: 'AWS/Lambda', metricName, statistic, period: Duration.minutes(5) });
    const answersHttp = props.functions.filter(({ fn }) =>
      ['http', 'authorizer'].includes(fn.spec.trigger.kind),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Invocations and concurrency (all functions)',
        left: [allFunctions('Invocations', 'Sum')],
        right: [allFunctions('ConcurrentExecutions', 'Maximum')],
      }),
      new GraphWidget({ title: 'Errors', left: props.functions.map(({ fn }) => fn.metricErrors()) }),
      new GraphWidget({
        title: 'Duration p99 (HTTP functions)',
        left: answersHttp.map(({ fn }) => fn.metricDuration({ statistic: 'p99' })),
      }),
      new GraphWidget({
        title: 'Dead-letter queues',
        left: [...deadLetterQueues.keys()].map((queue) => queue.metricApproximateNumberOfMessagesVisible()),
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({ title: 'Throttles (all functions)', left: [allFunctions('Throttles', 'Sum')] }),
      new GraphWidget({
        title: 'HTTP API requests and 5xx',
        left: [props.httpApi.metricCount({ period: Duration.minutes(5), statistic: 'Sum' }), serverErrors],
      }),
      new GraphWidget({ title: 'Mentions received per hour', left: [mentionsReceived] }),
      new GraphWidget({ title: 'Failed alert emails', left: [failedEmails] }),
    );
    dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }));
  }
}
