import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { loadClientConfig } from '../../shared/config/client-config.ts';
import { alarmMetricsOf } from '../../shared/cost/alarm-metrics.ts';
import { functionSpecs } from '../../shared/events/routing.ts';
import { exampleStack, parametersReadBy, roleStatements } from './stack-fixture.ts';

/**
 * The promises of docs/failure-modes.md, checked for every entry of the routing table: a function
 * added to `functionSpecs` is covered without touching this file.
 */
const { stack, template } = exampleStack();
const resolve = (value: unknown) => stack.resolve(value);
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: never }>;
const wired = stack.functions;
const wiredOf = (id: string) => wired.find((entry) => entry.fn.spec.id === id)!;
const logicalIdOf = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);
const opsTopic = { Ref: logicalIdOf(stack.observability.opsTopic) };
const config = loadClientConfig('clients/example.json');
const secretNames: [string, (resource: string) => boolean][] = [
  ['link signing key', (resource) => resource.includes(logicalIdOf(stack.core.linkSigningKey))],
  ['API key', (resource) => resource.includes(logicalIdOf(stack.core.apiKey))],
];

const statementsOf = (functionId: string) => roleStatements(stack, template, functionId);

function alarmsOn(metricName: string, dimension: { Name: string; Value: unknown }) {
  return Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter(
    (alarm) =>
      alarm.Properties.MetricName === metricName &&
      JSON.stringify(alarm.Properties.Dimensions) === JSON.stringify([dimension]),
  );
}

const capabilities = {
  ingress: stack.ingress,
  crisis: stack.crisis,
  metrics: stack.metrics,
  alerts: stack.alerts,
  publishing: stack.publishing,
};
const capabilityDeadLetterArns = Object.values(capabilities).map((capability) =>
  JSON.stringify(resolve(capability.deadLetterQueue.queueArn)),
);

describe.each(functionSpecs.map((spec) => [spec.id, spec] as const))('%s', (id, spec) => {
  const { fn, deadLetterQueue, buffer } = wiredOf(id);
  const fnId = logicalIdOf(fn);
  const dlqArn = resolve(deadLetterQueue.queueArn);
  // Asynchronous, or polled from a queue: failures end in the DLQ, not in a caller's 5xx.
  const asynchronous =
    spec.trigger.kind === 'events' ||
    spec.trigger.kind === 'schedule' ||
    spec.trigger.kind === 'scheduler' ||
    spec.trigger.kind === 'queue';
  // Invoked by EventBridge Scheduler (its own retries and DLQ), not by a rule.
  const ruleTarget = spec.trigger.kind === 'events' || spec.trigger.kind === 'schedule';

  it('is wired by the stack', () => {
    expect(fn.spec).toBe(spec);
  });

  it('fails into its capability’s dead-letter queue: encrypted, kept 14 days, with one alarm to ops', () => {
    expect(deadLetterQueue).toBe(capabilities[spec.capability].deadLetterQueue);
    const queue = resources[logicalIdOf(deadLetterQueue)]!;
    expect(queue.Properties).toMatchObject({
      QueueName: `Vigie-example-${spec.capability}-dlq`,
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 86_400,
    });
    const alarms = alarmsOn('ApproximateNumberOfMessagesVisible', {
      Name: 'QueueName',
      Value: resolve(deadLetterQueue.queueName),
    });
    expect(alarms).toHaveLength(1);
    expect(alarms[0]!.Properties).toMatchObject({ Threshold: 1, AlarmActions: [opsTopic] });
  });

  it('sends failed asynchronous invocations to that DLQ (on-failure destination)', () => {
    if (buffer) return; // invoked by the SQS event source mapping, synchronously: the queue redrives
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId },
      DestinationConfig: { OnFailure: { Destination: dlqArn } },
      MaximumRetryAttempts: asynchronous ? 2 : 0,
    });
  });

  it('has rule targets with a retry policy and that DLQ, and buffers that redrive to it', () => {
    const targetArn = resolve(buffer ? buffer.queueArn : fn.functionArn);
    const rules = Object.values(template.findResources('AWS::Events::Rule')).filter((rule) =>
      (rule.Properties.Targets as { Arn: unknown }[]).some(
        (target) => JSON.stringify(target.Arn) === JSON.stringify(targetArn),
      ),
    );
    expect(rules.length).toBe(ruleTarget ? 1 : 0);
    for (const rule of rules) {
      for (const target of rule.Properties.Targets) {
        expect(target.DeadLetterConfig).toEqual({ Arn: dlqArn });
        expect(target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
      }
    }
    if (buffer) {
      expect(
        (resources[logicalIdOf(buffer)]!.Properties as { RedrivePolicy: unknown }).RedrivePolicy,
      ).toEqual({
        deadLetterTargetArn: dlqArn,
        maxReceiveCount: 5,
      });
    }
  });

  it('never has a rule-target DLQ without its own on-failure destination (the guide’s rule)', () => {
    if (buffer || !ruleTarget) return; // a buffer is the rule's target; the queue redrives
    // The rule's DLQ only sees events EventBridge could not hand over; what the Lambda's own
    // retries could not process goes to the on-failure destination: both must be the DLQ.
    const invokeConfigs = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig')).filter(
      (config) => JSON.stringify(config.Properties.FunctionName) === JSON.stringify({ Ref: fnId }),
    );
    expect(invokeConfigs.map((config) => config.Properties.DestinationConfig)).toEqual([
      { OnFailure: { Destination: dlqArn } },
    ]);
  });

  it('logs to a log group with a retention, traces actively, and has no error alarm of its own', () => {
    const props = resources[fnId]!.Properties as {
      TracingConfig: unknown;
      LoggingConfig: { LogGroup: { Ref: string } };
    };
    expect(props.TracingConfig).toEqual({ Mode: 'Active' });
    const logGroup = resources[props.LoggingConfig.LogGroup.Ref]!.Properties as { RetentionInDays?: number };
    expect(logGroup.RetentionInDays).toBeGreaterThan(0);
    // Asynchronous: the DLQ alarm fires once retries have failed. Synchronous: its failure is a
    // 5xx of the HTTP API, which the 5xx alarm watches (below).
    expect(alarmsOn('Errors', { Name: 'FunctionName', Value: { Ref: fnId } })).toHaveLength(0);
    if (asynchronous) return;
    const fronts = [
      ...Object.values(template.findResources('AWS::ApiGatewayV2::Integration')).map(
        (integration) => integration.Properties.IntegrationUri,
      ),
      ...Object.values(template.findResources('AWS::ApiGatewayV2::Authorizer')).map(
        (authorizer) => authorizer.Properties.AuthorizerUri,
      ),
    ].filter((uri) => JSON.stringify(uri).includes(`"${fnId}"`));
    expect(fronts.length).toBeGreaterThan(0);
  });

  it('may use exactly the table verbs of its spec, on the table only (it has no index)', () => {
    const tableArn = resolve(stack.core.table.tableArn);
    const tableStatements = statementsOf(id).filter((statement) =>
      [statement.Action].flat().some((action) => action.startsWith('dynamodb:')),
    );
    const actions = tableStatements.flatMap((statement) => [statement.Action].flat()).sort();
    expect(actions).toEqual(spec.access.table.map((verb) => `dynamodb:${verb}`).sort());
    for (const statement of tableStatements) {
      expect([resolve(statement.Resource)].flat()).toEqual([tableArn]);
    }
  });

  it('has no wildcard action, and a wildcard resource only for X-Ray', () => {
    for (const statement of statementsOf(id)) {
      const actions = [statement.Action].flat();
      for (const action of actions) expect(action, action).not.toMatch(/^\*$|:\*$/);
      if ([statement.Resource].flat().includes('*')) {
        expect(actions.every((action) => action.startsWith('xray:'))).toBe(true);
      }
    }
  });

  it('reads exactly the Secrets Manager secrets its spec names: only the two generated keys are there', () => {
    const resourcesRead = statementsOf(id)
      .filter((statement) => [statement.Action].flat().includes('secretsmanager:GetSecretValue'))
      .flatMap((statement) =>
        [statement.Resource].flat().map((resource) => JSON.stringify(resolve(resource))),
      );
    const named = (resource: string) => secretNames.find(([, matches]) => matches(resource))?.[0] ?? resource;
    const expected = [
      ...(spec.access.linkSigning ? ['link signing key'] : []),
      ...(spec.access.apiKey ? ['API key'] : []),
    ];
    expect([...new Set(resourcesRead.map(named))].sort()).toEqual(expected.sort());
  });

  it('reads exactly the Parameter Store secrets its spec names, with ssm:GetParameter alone', () => {
    const expected = [
      ...(spec.access.webhookSecrets ? config.webhooks.map((hook) => hook.secretName) : []),
      ...(spec.access.networkTokens ? Object.values(config.accounts).map((a) => a.tokenSecretName) : []),
      ...(spec.access.publisherSecrets
        ? Object.values(config.publishers).flatMap((p) => (p?.kind === 'webhook' ? [p.secretName] : []))
        : []),
      ...(spec.access.outboundWebhookSecrets ? config.outboundWebhooks.map((hook) => hook.secretName) : []),
    ];
    const read = parametersReadBy(stack, template, id);
    expect(read.names).toEqual([...new Set(expected)].sort());
    expect(read.actions).toEqual(expected.length ? ['ssm:GetParameter'] : []);
  });
});

describe('alarms beyond the functions', () => {
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));

  it('stay within the 10 alarm metrics of the always-free tier (one alarm per class of failure)', () => {
    expect(alarmMetricsOf(Object.values(resources))).toBeLessThanOrEqual(10);
  });

  it('watches throttling with one alarm on the account’s Lambda metric', () => {
    const throttles = alarms.filter((alarm) => alarm.Properties.MetricName === 'Throttles');
    expect(throttles).toHaveLength(1);
    expect(throttles[0]!.Properties).toMatchObject({
      Namespace: 'AWS/Lambda',
      Threshold: 1,
      AlarmActions: [opsTopic],
    });
    expect(throttles[0]!.Properties.Dimensions).toBeUndefined();
  });

  it('the stack has one dead-letter queue per capability, each with exactly one alarm', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    const deadLetterQueues = Object.entries(queues).filter(([, queue]) => !queue.Properties.RedrivePolicy);
    expect(deadLetterQueues.map(([, queue]) => queue.Properties.QueueName).sort()).toEqual(
      Object.keys(capabilities)
        .map((capability) => `Vigie-example-${capability}-dlq`)
        .sort(),
    );
    for (const [queueId] of deadLetterQueues) {
      const watched = alarmsOn('ApproximateNumberOfMessagesVisible', {
        Name: 'QueueName',
        Value: { 'Fn::GetAtt': [queueId, 'QueueName'] },
      });
      expect(watched, queueId).toHaveLength(1);
    }
    expect(
      alarms.filter((alarm) => alarm.Properties.MetricName === 'ApproximateNumberOfMessagesVisible'),
    ).toHaveLength(deadLetterQueues.length);
  });

  it('every failure path of the stack ends in a capability’s DLQ (rule targets, destinations, redrives, schedules)', () => {
    const ends = [
      ...Object.values(template.findResources('AWS::Events::Rule')).flatMap((rule) =>
        rule.Properties.Targets.map(
          (target: { DeadLetterConfig?: { Arn: unknown } }) => target.DeadLetterConfig?.Arn,
        ),
      ),
      ...Object.values(template.findResources('AWS::Lambda::EventInvokeConfig')).map(
        (config) => config.Properties.DestinationConfig.OnFailure.Destination,
      ),
      ...Object.values(template.findResources('AWS::SQS::Queue')).flatMap((queue) =>
        queue.Properties.RedrivePolicy ? [queue.Properties.RedrivePolicy.deadLetterTargetArn] : [],
      ),
      // The DLQ the schedule-managing functions give each publication schedule.
      ...Object.values(template.findResources('AWS::Lambda::Function')).map(
        (fn) => fn.Properties.Environment?.Variables?.SCHEDULE_DLQ_ARN,
      ),
    ].filter((end) => end !== undefined);
    expect(ends.length).toBeGreaterThan(functionSpecs.length);
    for (const end of ends) expect(capabilityDeadLetterArns).toContain(JSON.stringify(end));
  });

  it('all notify the ops topic, which emails the client’s ops address', () => {
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([opsTopic]);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: opsTopic,
    });
  });

  it('watch failed alert emails with one alarm, on the function that counts them', () => {
    const failed = alarms.filter((alarm) => alarm.Properties.MetricName === 'AlertEmailsFailed');
    expect(failed.map((alarm) => alarm.Properties)).toEqual([
      expect.objectContaining({
        Namespace: 'Vigie',
        Statistic: 'Sum',
        Threshold: 1,
        Dimensions: [{ Name: 'service', Value: 'sendAlertEmail' }],
      }),
    ]);
  });

  it('never watch a Vigie metric that the function named by its service dimension does not emit', () => {
    const vigieAlarms = alarms.filter((alarm) => alarm.Properties.Namespace === 'Vigie');
    expect(vigieAlarms.length).toBeGreaterThan(0);
    for (const alarm of vigieAlarms) {
      const { MetricName: metricName, Dimensions: dimensions } = alarm.Properties as {
        MetricName: string;
        Dimensions: { Name: string; Value: string }[];
      };
      const service = dimensions.find((dimension) => dimension.Name === 'service')?.Value;
      const spec = functionSpecs.find((candidate) => candidate.id === service);
      expect(spec, `${metricName}: service ${service}`).toBeDefined();
      const code = readdirSync(spec!.dir)
        .filter((file) => file.endsWith('.ts'))
        .map((file) => readFileSync(join(spec!.dir, file), 'utf8'))
        .join('\n');
      expect(code, `${service} emits ${metricName}`).toMatch(
        new RegExp(`addMetric\\(\\s*[^)]*'${metricName}'`),
      );
    }
  });

  it('watch every 5xx answer of the HTTP API with one count alarm (a 5xx is a bug or an outage)', () => {
    const serverErrors = alarms.filter((alarm) => alarm.Properties.MetricName === '5xx');
    expect(serverErrors.map((alarm) => alarm.Properties)).toEqual([
      expect.objectContaining({
        Namespace: 'AWS/ApiGateway',
        Dimensions: [{ Name: 'ApiId', Value: resolve(stack.ingress.httpApi.apiId) }],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      }),
    ]);
    // No rate over metric math any more: it cost 2 alarm metrics and hid a lone 5xx.
    expect(alarms.filter((alarm) => alarm.Properties.Metrics)).toHaveLength(0);
  });

  it('tell ops when no mention has been received for the configured hours (missing data breaches)', () => {
    const [silence] = alarmsOn('MentionsReceived', { Name: 'service', Value: 'recordMentions' });
    expect(silence!.Properties).toMatchObject({
      Period: 3600,
      EvaluationPeriods: 12,
      DatapointsToAlarm: 12,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
  });

  /** The dashboard's widgets, its tokens (function names, queue names) replaced by their logical ids. */
  function dashboardWidgets(): { properties: { title?: string; metrics?: unknown[][] } }[] {
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const body = resolve(dashboard!.Properties.DashboardBody) as { 'Fn::Join': [string, unknown[]] };
    const text = body['Fn::Join'][1]
      .map((part) => (typeof part === 'string' ? part : JSON.stringify(part).replace(/"/g, "'")))
      .join('');
    return JSON.parse(text).widgets;
  }

  it('are all on the client’s dashboard, with every function’s errors and every HTTP function’s p99', () => {
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(resolve(dashboard!.Properties.DashboardBody));
    for (const alarmId of Object.keys(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(body, alarmId).toContain(alarmId);
    }
    const graphs = new Map(
      dashboardWidgets().map(({ properties }) => [properties.title, JSON.stringify(properties.metrics)]),
    );
    for (const { fn } of wired) expect(graphs.get('Errors')).toContain(logicalIdOf(fn));
    const p99 = graphs.get('Duration p99 (HTTP functions)');
    expect(p99).toContain(logicalIdOf(wiredOf('receiveWebhook').fn));
    expect(p99).toContain(logicalIdOf(wiredOf('authorizeApiKey').fn));
    expect(p99).not.toContain(logicalIdOf(wiredOf('rollupKpis').fn));
  });

  it('the dashboard stays within the free tier: at most 50 metrics', () => {
    const metrics = dashboardWidgets().flatMap(({ properties }) => properties.metrics ?? []);
    expect(metrics.length).toBeGreaterThan(30);
    expect(metrics.length).toBeLessThanOrEqual(50);
  });
});

describe('data protection', () => {
  it('the table: point-in-time recovery, deletion protection, encrypted at rest, retained, TTL', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            DeletionProtectionEnabled: true,
          }),
        ],
      }),
    });
  });

  it('every queue is encrypted and refuses plain HTTP', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    for (const [queueId, queue] of Object.entries(queues)) {
      expect(queue.Properties.SqsManagedSseEnabled, queueId).toBe(true);
    }
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    const tlsOnly = policies.filter((policy) =>
      JSON.stringify(policy.Properties.PolicyDocument).includes('"aws:SecureTransport":"false"'),
    );
    const covered = new Set(
      tlsOnly.flatMap((policy) => policy.Properties.Queues.map((q: { Ref: string }) => q.Ref)),
    );
    expect([...covered].sort()).toEqual(Object.keys(queues).sort());
  });
});
