import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { functionSpecs } from '../../shared/events/routing.ts';
import { exampleStack } from './stack-fixture.ts';

const { stack, template } = exampleStack();
const resolve = (value: unknown) => stack.resolve(value);
const { publishing } = stack;
const roleIdOf = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);

function statementsOfRole(
  roleId: string,
): { Action: string | string[]; Resource: unknown; Condition?: unknown }[] {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
  });
  return Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

describe('publication schedules', () => {
  it('live in one schedule group, with a dead-letter queue that raises an alarm', () => {
    template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'vigie-example-publications' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: [{ Name: 'QueueName', Value: resolve(publishing.deadLetterQueue.queueName) }],
      Threshold: 1,
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 86_400,
    });
  });

  it('are run by a role that only EventBridge Scheduler of this account assumes, and that may only invoke the publish function and write the DLQ', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: 'sts:AssumeRole',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
          }),
        ],
      },
    });
    const statements = statementsOfRole(roleIdOf(publishing.schedulerRole));
    expect(statements).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        Effect: 'Allow',
        Resource: resolve(publishing.publishFunction.functionArn),
      },
      {
        Action: 'sqs:SendMessage',
        Effect: 'Allow',
        Resource: resolve(publishing.deadLetterQueue.queueArn),
      },
    ]);
    // No managed policy either.
    const role = template.findResources('AWS::IAM::Role')[roleIdOf(publishing.schedulerRole)]!;
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('target the publish function by its known name', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'vigie-example-publish-publication',
      Environment: {
        Variables: Match.objectLike({
          SCHEDULE_GROUP: 'vigie-example-publications',
          SCHEDULE_TARGET_ARN: {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':lambda:eu-west-3:111111111111:function:vigie-example-publish-publication',
              ],
            ],
          },
          SCHEDULER_ROLE_ARN: resolve(publishing.schedulerRole.roleArn),
          SCHEDULE_DLQ_ARN: resolve(publishing.deadLetterQueue.queueArn),
        }),
      },
    });
  });

  it('are managed only by the functions whose access says so: the group’s schedules, and passing that role only', () => {
    const wired = stack.functions;
    const groupSchedules = {
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':scheduler:eu-west-3:111111111111:schedule/vigie-example-publications/*',
        ],
      ],
    };
    for (const spec of functionSpecs) {
      const fn = wired.find((entry) => entry.fn.spec.id === spec.id)!.fn;
      const statements = statementsOfRole(stack.getLogicalId(fn.role!.node.defaultChild as never));
      const scheduling = statements.filter((statement) =>
        [statement.Action].flat().some((action) => action.startsWith('scheduler:')),
      );
      const passing = statements.filter((statement) => [statement.Action].flat().includes('iam:PassRole'));
      if (!spec.access.publicationSchedules) {
        expect([scheduling, passing], spec.id).toEqual([[], []]);
        continue;
      }
      expect(scheduling, spec.id).toEqual([
        {
          Action: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
          Effect: 'Allow',
          Resource: groupSchedules,
        },
      ]);
      expect(passing, spec.id).toEqual([
        {
          Action: 'iam:PassRole',
          Effect: 'Allow',
          Resource: resolve(publishing.schedulerRole.roleArn),
          Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
        },
      ]);
    }
    expect(functionSpecs.filter((spec) => spec.access.publicationSchedules).map((spec) => spec.id)).toEqual([
      'intakePublications',
      'publicationsApi',
      'reviewPublication',
      'publishPublication',
      'finishPublicationChanges',
    ]);
  });

  it('lets only the functions that call the networks read their tokens, and only the publisher the webhook publishers’ secrets', () => {
    expect(functionSpecs.filter((spec) => spec.access.networkTokens).map((spec) => spec.id)).toEqual([
      'pullMetrics',
      'publishPublication',
      'checkAccountAccess',
    ]);
    expect(functionSpecs.filter((spec) => spec.access.publisherSecrets).map((spec) => spec.id)).toEqual([
      'publishPublication',
    ]);
  });

  it('puts the publication API behind the API key, and the review links outside it', () => {
    const routes = template.findResources('AWS::ApiGatewayV2::Route');
    const byKey = Object.fromEntries(
      Object.values(routes).map((route) => [
        route.Properties.RouteKey,
        route.Properties.AuthorizationType ?? 'NONE',
      ]),
    );
    expect(byKey['POST /publications']).toBe('CUSTOM');
    expect(byKey['PATCH /publications/{publicationId}']).toBe('CUSTOM');
    expect(byKey['DELETE /publications/{publicationId}']).toBe('CUSTOM');
    expect(byKey['GET /publications/best-times']).toBe('CUSTOM');
    expect(byKey['GET /review/{publicationId}/{decision}']).toBe('NONE');
  });
});
