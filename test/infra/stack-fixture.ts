import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { VigieStack } from '../../infra/vigie-stack.ts';
import { loadClientConfig } from '../../shared/config/client-config.ts';

/** The example client's stack, synthesized without bundling (the synth step of `npm test` bundles for real). */
export function exampleStack(): { stack: VigieStack; template: Template } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new VigieStack(app, 'Vigie-example', {
    config: loadClientConfig('clients/example.json'),
    env: { account: '111111111111', region: 'eu-west-3' },
  });
  return { stack, template: Template.fromStack(stack) };
}

export interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** Every IAM statement of a function's role, from the policies attached to it. */
export function roleStatements(stack: VigieStack, template: Template, functionId: string): PolicyStatement[] {
  const wired = stack.functions.find((entry) => entry.fn.spec.id === functionId)!;
  const roleId = stack.getLogicalId(wired.fn.role!.node.defaultChild as never);
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
  });
  return Object.values(policies).flatMap(
    (policy) => policy.Properties.PolicyDocument.Statement as PolicyStatement[],
  );
}

/**
 * The Parameter Store parameters a function's role may read (`ssm:GetParameter` statements), by name,
 * and every SSM or KMS action its role has (the expected one is `ssm:GetParameter` alone).
 */
export function parametersReadBy(
  stack: VigieStack,
  template: Template,
  functionId: string,
): { names: string[]; actions: string[] } {
  const statements = roleStatements(stack, template, functionId);
  const names = statements
    .filter((statement) => [statement.Action].flat().includes('ssm:GetParameter'))
    .flatMap((statement) => [statement.Resource].flat())
    .map((resource) => {
      const arn = JSON.stringify(stack.resolve(resource));
      const name = /:ssm:eu-west-3:111111111111:parameter(\/[^"]+)"/.exec(arn)?.[1];
      if (!name) throw new Error(`${functionId}: not the ARN of one of the account's parameters: ${arn}`);
      return name;
    });
  const actions = statements
    .flatMap((statement) => [statement.Action].flat())
    .filter((action) => action.startsWith('ssm:') || action.startsWith('kms:'));
  return { names: names.sort(), actions: [...new Set(actions)].sort() };
}
