import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { loadClientConfig } from '../../shared/config/client-config.ts';
import { functionSpecs } from '../../shared/events/routing.ts';
import { exampleStack, parametersReadBy } from './stack-fixture.ts';

/**
 * The promises of docs/failure-modes.md, checked for every entry of the routing table: a function
 * added to `functionSpecs` is covered without touching this file.
 */
const { stack, template } = exampleStack();
const resolve = (value: unknown) => stack.resolve(value);
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: never }>;
const wired = [
  ...stack.ingress.functions,
  ...stack.crisis.functions,
  ...stack.metrics.functions,
  ...stack.alerts.functions,
  ...stack.publishing.functions,
];
const wiredOf = (id: string) => wired.find((entry) => entry.fn.spec.id === id)!;
const logicalIdOf = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);
const opsTopic = { Ref: logicalIdOf(stack.observability.opsTopic) };
const config = loadClientConfig('clients/example.json');
const secretNames: [string, (resource: string) => boolean][] = [
  ['link signing key', (resource) => resource.includes(logicalIdOf(stack.core.linkSigningKey))],
  ['API key', (resource) => resource.includes(logicalIdOf(stack.core.apiKey))],
];

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

function statementsOf(functionId: string): Statement[] {
  const roleId = logicalIdOf(wiredOf(functionId).fn.role as never);
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
  });
  return Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

function alarmsOn(metricName: string, dimension: { Name: string; Value: unknown }) {
  return Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter(
    (alarm) =>
      alarm.Properties.MetricName === metricName &&
      JSON.stringify(alarm.Properties.Dimensions) === JSON.stringify([dimension]),
  );
}

describe.each(functionSpecs.map((spec) => [spec.id, spec] as const))('%s', (id, spec) => {
  const { fn, deadLetterQueue, buffer } = wiredOf(id);
  const fnId = logicalIdOf(fn);
  const dlqArn = resolve(deadLetterQueue.queueArn);
  const asynchronous =
    spec.trigger.kind === 'events' || spec.trigger.kind === 'schedule' || spec.trigger.kind === 'scheduler';
  // Invoked by EventBridge Scheduler (its own retries and DLQ), not by a rule.
  const ruleTarget = spec.trigger.kind === 'events' || spec.trigger.kind === 'schedule';

  it('is wired by the stack', () => {
    expect(fn.spec).toBe(spec);
  });

  it('has an encrypted, TLS-only dead-letter queue kept 14 days, with an alarm to ops', () => {
    const queue = resources[logicalIdOf(deadLetterQueue)]!;
    expect(queue.Properties).toMatchObject({
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

  it('sends failed asynchronous invocations to its DLQ (on-failure destination)', () => {
    if (buffer) return; // invoked by the SQS event source mapping, synchronously: the queue redrives
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId },
      DestinationConfig: { OnFailure: { Destination: dlqArn } },
      MaximumRetryAttempts: asynchronous ? 2 : 0,
    });
  });

  it('has rule targets with a retry policy and the DLQ, and buffers with a redrive policy', () => {
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

  it('logs to a log group with a retention, traces actively, and alarms on errors when no DLQ would see them', () => {
    const props = resources[fnId]!.Properties as {
      TracingConfig: unknown;
      LoggingConfig: { LogGroup: { Ref: string } };
    };
    expect(props.TracingConfig).toEqual({ Mode: 'Active' });
    const logGroup = resources[props.LoggingConfig.LogGroup.Ref]!.Properties as { RetentionInDays?: number };
    expect(logGroup.RetentionInDays).toBeGreaterThan(0);
    const errorAlarms = alarmsOn('Errors', { Name: 'FunctionName', Value: { Ref: fnId } });
    // Asynchronous functions: their DLQ alarm (above) fires once retries have failed.
    expect(errorAlarms).toHaveLength(asynchronous ? 0 : 1);
    for (const errorAlarm of errorAlarms) {
      expect(errorAlarm.Properties).toMatchObject({ AlarmActions: [opsTopic] });
    }
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

  it('watch every dead-letter queue of the stack, not only the functions’ (e.g. the publication schedules’)', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    const deadLetterQueues = Object.entries(queues).filter(([, queue]) => !queue.Properties.RedrivePolicy);
    expect(deadLetterQueues.length).toBeGreaterThan(functionSpecs.length);
    for (const [queueId] of deadLetterQueues) {
      const watched = alarmsOn('ApproximateNumberOfMessagesVisible', {
        Name: 'QueueName',
        Value: { 'Fn::GetAtt': [queueId, 'QueueName'] },
      });
      expect(watched, queueId).toHaveLength(1);
    }
  });

  it('all notify the ops topic, which emails the client’s ops address', () => {
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([opsTopic]);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: opsTopic,
    });
  });

  it('watch failed alert emails of every function that sends them', () => {
    for (const spec of functionSpecs.filter((candidate) => candidate.access.sendEmail)) {
      expect(
        alarmsOn('AlertEmailsFailed', { Name: 'service', Value: spec.id }).map((a) => a.Properties),
      ).toEqual([expect.objectContaining({ Namespace: 'Vigie', Statistic: 'Sum', Threshold: 1 })]);
    }
  });

  it('watch the HTTP API’s 5xx rate', () => {
    const rate = alarms.find((alarm) =>
      (alarm.Properties.Metrics ?? []).some((metric: { Expression?: string }) =>
        metric.Expression?.includes('errors / requests'),
      ),
    );
    expect(rate).toBeDefined();
    const names = rate!.Properties.Metrics.flatMap(
      (metric: { MetricStat?: { Metric: { MetricName: string } } }) =>
        metric.MetricStat ? [metric.MetricStat.Metric.MetricName] : [],
    );
    expect(names.sort()).toEqual(['5xx', 'Count']);
    expect(rate!.Properties.Threshold).toBe(5);
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

  it('are all on the client’s dashboard', () => {
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(resolve(dashboard!.Properties.DashboardBody));
    for (const alarmId of Object.keys(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(body, alarmId).toContain(alarmId);
    }
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
