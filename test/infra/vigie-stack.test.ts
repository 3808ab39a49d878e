import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { tableDefinition } from '../../shared/data/table.ts';
import {
  deliveryPolicy,
  eventPatternOf,
  functionSpecs,
  type HttpRoute,
  queueBatchingOf,
} from '../../shared/events/routing.ts';
import { exampleStack, parametersReadBy } from './stack-fixture.ts';

const { stack, template } = exampleStack();
const resolve = (value: unknown) => stack.resolve(value);

function logicalIdOf(construct: { node: { defaultChild?: unknown } } | object): string {
  return stack.getLogicalId((construct as { node: { defaultChild: never } }).node.defaultChild);
}

const wired = stack.functions;

describe('the table', () => {
  it('is one on-demand table with the keys, index and TTL of the table definition', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
      GlobalSecondaryIndexes: Match.absent(),
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        }),
      ],
    });
  });

  it('is retained when the stack is deleted', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });
});

describe('the raw webhook archive', () => {
  it('is a private, encrypted, TLS-only bucket that expires with the client’s retention, retained on deletion', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 120, Status: 'Enabled' })] },
      }),
    });
  });

  it('is written only by archiveWebhooks (the functions with archive access), behind the archive queue', () => {
    const bucketId = stack.getLogicalId(stack.core.rawArchive.node.defaultChild as never);
    const policies = template.findResources('AWS::IAM::Policy');
    const writers = Object.values(policies)
      .filter((policy) => JSON.stringify(policy.Properties.PolicyDocument).includes(bucketId))
      .flatMap((policy) => policy.Properties.Roles.map((role: { Ref: string }) => role.Ref));
    const roleOf = (id: string) =>
      stack.getLogicalId(wired.find((w) => w.fn.spec.id === id)!.fn.role!.node.defaultChild as never);
    expect(functionSpecs.filter((spec) => spec.access.archive).map((spec) => spec.id)).toEqual([
      'archiveWebhooks',
    ]);
    expect(writers).toEqual([roleOf('archiveWebhooks')]);
  });
});

describe('the bus', () => {
  it('is a custom bus with an archive of every event', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'vigie-example' });
    template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: Match.anyValue(),
      RetentionDays: 90,
      EventPattern: { account: ['111111111111'] },
    });
  });

  it('has one rule per event-triggered function, with the routing table’s pattern', () => {
    const eventSpecs = functionSpecs.filter((spec) => spec.trigger.kind === 'events');
    const rules = template.findResources('AWS::Events::Rule', {
      Properties: { EventBusName: Match.anyValue() },
    });
    expect(Object.keys(rules)).toHaveLength(eventSpecs.length);
    for (const spec of eventSpecs) {
      template.hasResourceProperties('AWS::Events::Rule', {
        EventBusName: { Ref: logicalIdOf(stack.core.bus) },
        EventPattern: eventPatternOf(spec),
      });
    }
  });

  it('has a schedule rule for each scheduled function', () => {
    for (const spec of functionSpecs) {
      if (spec.trigger.kind !== 'schedule') continue;
      template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: spec.trigger.expression });
    }
  });
});

describe('every function', () => {
  const functions = template.findResources('AWS::Lambda::Function');

  it('exists once per routing-table entry, on Node.js 22 / arm64 with active tracing', () => {
    expect(Object.keys(functions)).toHaveLength(functionSpecs.length);
    for (const resource of Object.values(functions)) {
      expect(resource.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } },
      });
    }
  });

  it('logs to a log group with a retention', () => {
    for (const resource of Object.values(functions)) {
      const logGroupRef = resource.Properties.LoggingConfig.LogGroup.Ref as string;
      const logGroup = template.toJSON().Resources[logGroupRef];
      expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
      expect(logGroup.Properties.RetentionInDays).toBe(30);
    }
  });

  it('has a dead-letter path on each asynchronous edge', () => {
    for (const { fn, deadLetterQueue, buffer } of wired) {
      const fnId = logicalIdOf(fn);
      const dlqArn = resolve(deadLetterQueue.queueArn);
      // The Lambda's own asynchronous failures go to its DLQ (on-failure destination)…
      if (!buffer) {
        template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
          FunctionName: { Ref: fnId },
          DestinationConfig: { OnFailure: { Destination: dlqArn } },
        });
      }
      if (fn.spec.trigger.kind === 'http' || fn.spec.trigger.kind === 'authorizer') continue; // synchronous
      if (fn.spec.trigger.kind === 'scheduler') continue; // EventBridge Scheduler: its own DLQ (test/infra/publishing.test.ts)
      if (fn.spec.trigger.kind === 'queue') continue; // no rule: the queue's redrive policy (below)
      // …and so do events the rule could not deliver, after its retry policy.
      const target = buffer ? resolve(buffer.queueArn) : resolve(fn.functionArn);
      template.hasResourceProperties('AWS::Events::Rule', {
        Targets: [
          Match.objectLike({
            Arn: target,
            DeadLetterConfig: { Arn: dlqArn },
            RetryPolicy: {
              MaximumRetryAttempts: deliveryPolicy.ruleTargetRetryAttempts,
              MaximumEventAgeInSeconds: deliveryPolicy.ruleTargetMaxEventAgeHours * 3600,
            },
          }),
        ],
      });
    }
  });

  it('reads burst-prone events and queued work from an SQS queue that redrives to the DLQ and reports partial failures', () => {
    const buffered = wired.filter((entry) => entry.buffer);
    expect(buffered.map((entry) => entry.fn.spec.id).sort()).toEqual(
      functionSpecs
        .filter((spec) => queueBatchingOf(spec))
        .map((spec) => spec.id)
        .sort(),
    );
    for (const { fn, buffer, deadLetterQueue } of buffered) {
      template.hasResourceProperties('AWS::SQS::Queue', {
        RedrivePolicy: {
          deadLetterTargetArn: resolve(deadLetterQueue.queueArn),
          maxReceiveCount: deliveryPolicy.queueMaxReceiveCount,
        },
        VisibilityTimeout: fn.spec.timeoutSeconds * 6,
      });
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: resolve(buffer!.queueArn),
        FunctionName: { Ref: logicalIdOf(fn) },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    }
  });

  it('has an alarm on its DLQ', () => {
    for (const { deadLetterQueue } of wired) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: resolve(deadLetterQueue.queueName) }],
        Threshold: 1,
        AlarmActions: [{ Ref: Match.stringLikeRegexp('OpsTopic') }],
      });
    }
  });
});

describe('grants', () => {
  function policyStatementsOf(functionId: string): { Action: string | string[]; Resource: unknown }[] {
    const entry = wired.find((candidate) => candidate.fn.spec.id === functionId)!;
    const roleId = stack.getLogicalId(entry.fn.role!.node.defaultChild as never);
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
    });
    return Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
  }
  const actionsOf = (functionId: string) =>
    policyStatementsOf(functionId)
      .flatMap((statement) => [statement.Action].flat())
      .sort();

  it('gives each function only the table verbs the routing table lists', () => {
    for (const spec of functionSpecs) {
      const tableActions = actionsOf(spec.id).filter((action) => action.startsWith('dynamodb:'));
      expect(tableActions, spec.id).toEqual(spec.access.table.map((action) => `dynamodb:${action}`).sort());
    }
  });

  it('lets only event producers put events, on the Vigie bus only', () => {
    for (const spec of functionSpecs) {
      const statements = policyStatementsOf(spec.id).filter((s) =>
        [s.Action].flat().includes('events:PutEvents'),
      );
      expect(statements.length > 0, spec.id).toBe(spec.access.putEvents);
      for (const statement of statements) {
        expect(statement.Resource).toEqual(resolve(stack.core.bus.eventBusArn));
      }
    }
  });

  it('lets only the alert sender send email, from the configured identity', () => {
    for (const spec of functionSpecs) {
      expect(actionsOf(spec.id).includes('ses:SendRawEmail'), spec.id).toBe(spec.access.sendEmail);
    }
  });

  const readsSecret = (functionId: string, matches: (resource: string) => boolean) =>
    policyStatementsOf(functionId).some(
      (statement) =>
        [statement.Action].flat().includes('secretsmanager:GetSecretValue') &&
        [statement.Resource].flat().some((resource) => matches(JSON.stringify(resolve(resource)))),
    );

  const readsParameter = (functionId: string, name: string) =>
    parametersReadBy(stack, template, functionId).names.includes(name);

  it('lets only the ingress read webhook secrets (Parameter Store)', () => {
    for (const spec of functionSpecs) {
      expect(readsParameter(spec.id, '/vigie/example/webhooks/standard'), spec.id).toBe(
        spec.access.webhookSecrets,
      );
    }
  });

  it('lets only the functions that call the networks read the account tokens (Parameter Store)', () => {
    for (const spec of functionSpecs) {
      expect(readsParameter(spec.id, '/vigie/example/tokens/instagram'), spec.id).toBe(
        spec.access.networkTokens,
      );
    }
  });

  it('lets only the functions that sign or check email links read the link key', () => {
    const keyId = stack.getLogicalId(stack.core.linkSigningKey.node.defaultChild as never);
    for (const spec of functionSpecs) {
      expect(
        readsSecret(spec.id, (resource) => resource.includes(keyId)),
        spec.id,
      ).toBe(spec.access.linkSigning);
    }
  });
});

describe('HTTP API', () => {
  it('puts the read routes behind the API key authorizer, and only them', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization'],
    });
    for (const spec of functionSpecs) {
      if (spec.trigger.kind !== 'http') continue;
      for (const route of spec.trigger.routes) {
        template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
          RouteKey: `${route.method} ${route.path}`,
          AuthorizationType: (route as HttpRoute).auth === 'apiKey' ? 'CUSTOM' : 'NONE',
        });
      }
    }
  });

  it('routes the webhook paths of the routing table to the ingress function', () => {
    for (const spec of functionSpecs) {
      if (spec.trigger.kind !== 'http') continue;
      for (const route of spec.trigger.routes) {
        template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
          RouteKey: `${route.method} ${route.path}`,
        });
      }
    }
  });
});
