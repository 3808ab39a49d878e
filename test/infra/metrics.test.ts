import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { deliveryPolicy } from '../../shared/events/routing.ts';
import { exampleStack, parametersReadBy, roleStatements } from './stack-fixture.ts';

const { stack, template } = exampleStack();
const resolve = (value: unknown) => stack.resolve(value);
const wired = (id: string) => stack.metrics.functions.find((entry) => entry.fn.spec.id === id)!;
const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);

const statementsOf = (id: string) => roleStatements(stack, template, id);
const actionsOf = (id: string) => statementsOf(id).flatMap((statement) => [statement.Action].flat());

describe('the metrics capability', () => {
  it('has its functions: buffered recorder, post links, the pull, the rollup and its daily close, the read API', () => {
    expect(stack.metrics.functions.map((entry) => entry.fn.spec.id).sort()).toEqual([
      'closeKpiDay',
      'evaluateWorryLines',
      'linkPosts',
      'listKpis',
      'listPosts',
      'pullMetrics',
      'recordMetrics',
      'rollupKpis',
      'sendMonthlyReport',
    ]);
  });

  it('runs the pull and the rollup hourly and the close every hour at :20, each with its DLQ after retries', () => {
    for (const [id, expression] of [
      ['pullMetrics', 'rate(1 hour)'],
      ['rollupKpis', 'rate(1 hour)'],
      ['closeKpiDay', 'cron(20 * * * ? *)'],
    ] as const) {
      const { fn, deadLetterQueue } = wired(id);
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: expression,
        Targets: [
          Match.objectLike({
            Arn: resolve(fn.functionArn),
            DeadLetterConfig: { Arn: resolve(deadLetterQueue.queueArn) },
            RetryPolicy: Match.objectLike({ MaximumRetryAttempts: deliveryPolicy.ruleTargetRetryAttempts }),
          }),
        ],
      });
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: logicalId(fn) },
        MaximumRetryAttempts: deliveryPolicy.asyncInvokeRetryAttempts,
        DestinationConfig: { OnFailure: { Destination: resolve(deadLetterQueue.queueArn) } },
      });
    }
  });

  it('links posts from publication events, directly, with an on-failure destination', () => {
    const { fn, deadLetterQueue } = wired('linkPosts');
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'detail-type': ['publication.published', 'publication.outcome.reported'] },
      Targets: [
        Match.objectLike({
          Arn: resolve(fn.functionArn),
          DeadLetterConfig: { Arn: resolve(deadLetterQueue.queueArn) },
        }),
      ],
    });
  });

  it('buffers account snapshots with the post snapshots in front of recordMetrics', () => {
    const { buffer } = wired('recordMetrics');
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'detail-type': ['metrics.snapshot.received', 'account.snapshot.received'] },
      Targets: [Match.objectLike({ Arn: resolve(buffer!.queueArn) })],
    });
  });

  it('keeps the read API read-only: Query on the table, nothing else', () => {
    for (const id of ['listKpis', 'listPosts']) {
      expect(
        actionsOf(id).filter((action) => action.startsWith('dynamodb:')),
        id,
      ).toEqual(['dynamodb:Query']);
      expect(actionsOf(id), id).not.toContain('events:PutEvents');
      expect(actionsOf(id), id).not.toContain('secretsmanager:GetSecretValue');
      expect(parametersReadBy(stack, template, id).names, id).toEqual([]);
    }
  });

  it('lets the pull read the account tokens and put events, and touch no table', () => {
    const actions = actionsOf('pullMetrics');
    expect(actions.filter((action) => action.startsWith('dynamodb:'))).toEqual([]);
    expect(actions).toContain('events:PutEvents');
    expect(actions).not.toContain('secretsmanager:GetSecretValue');
    expect(parametersReadBy(stack, template, 'pullMetrics')).toEqual({
      names: ['/vigie/example/tokens/facebook', '/vigie/example/tokens/instagram'],
      actions: ['ssm:GetParameter'],
    });
  });

  it('lets the rollup write rows in batches but never put events or read secrets', () => {
    for (const id of ['rollupKpis', 'closeKpiDay']) {
      expect(actionsOf(id), id).toContain('dynamodb:BatchWriteItem');
      expect(actionsOf(id), id).not.toContain('events:PutEvents');
      expect(actionsOf(id), id).not.toContain('secretsmanager:GetSecretValue');
      expect(parametersReadBy(stack, template, id).names, id).toEqual([]);
    }
  });

  it('runs the worry lines and the monthly report hourly (they act at local hours), each with its DLQ after retries', () => {
    for (const [id, expression] of [
      ['evaluateWorryLines', 'cron(15 * * * ? *)'],
      ['sendMonthlyReport', 'cron(5 * * * ? *)'],
    ] as const) {
      const { fn, deadLetterQueue } = wired(id);
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: expression,
        Targets: [
          Match.objectLike({
            Arn: resolve(fn.functionArn),
            DeadLetterConfig: { Arn: resolve(deadLetterQueue.queueArn) },
          }),
        ],
      });
      expect(
        actionsOf(id)
          .filter((action) => action.startsWith('dynamodb:'))
          .sort(),
        id,
      ).toEqual(['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    }
    expect(actionsOf('evaluateWorryLines')).toContain('events:PutEvents');
    expect(actionsOf('evaluateWorryLines')).not.toContain('ses:SendRawEmail');
    expect(actionsOf('sendMonthlyReport')).not.toContain('events:PutEvents');
    expect(actionsOf('sendMonthlyReport').some((action) => action.startsWith('ses:'))).toBe(true);
  });
});
