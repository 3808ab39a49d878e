import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { VigieStack } from '../../infra/vigie-stack.ts';
import { loadClientConfig, parseClientConfig } from '../../shared/config/client-config.ts';
import { events } from '../../shared/events/catalog.ts';
import { deliveryPolicy, functionSpecs } from '../../shared/events/routing.ts';

/** The example client with a webhook publisher and an outbound webhook (synthesized without bundling). */
const example = JSON.parse(JSON.stringify(loadClientConfig('clients/example.json')));
const config = parseClientConfig({
  ...example,
  publishers: {
    tiktok: {
      kind: 'webhook',
      url: 'https://hooks.zapier.com/hooks/catch/1/abc',
      secretName: 'vigie/example/publisher',
    },
  },
  outboundWebhooks: [{ url: 'https://n8n.maison.fr/webhook/vigie', secretName: 'vigie/example/outbound' }],
});
const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
const stack = new VigieStack(app, 'Vigie-outbound', {
  config,
  env: { account: '111111111111', region: 'eu-west-3' },
});
const template = Template.fromStack(stack);
const resolve = (value: unknown) => stack.resolve(value);

const wired = [
  ...stack.ingress.functions,
  ...stack.crisis.functions,
  ...stack.metrics.functions,
  ...stack.alerts.functions,
  ...stack.publishing.functions,
];
const outbound = stack.publishing.functions.find((entry) => entry.fn.spec.id === 'deliverOutboundWebhooks')!;

function readsSecret(functionId: string, secretName: string): boolean {
  const entry = wired.find((candidate) => candidate.fn.spec.id === functionId)!;
  const roleId = stack.getLogicalId(entry.fn.role!.node.defaultChild as never);
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
  });
  return Object.values(policies)
    .flatMap(
      (policy) =>
        policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    )
    .some(
      (statement) =>
        [statement.Action].flat().includes('secretsmanager:GetSecretValue') &&
        [statement.Resource]
          .flat()
          .some((resource) => JSON.stringify(resolve(resource)).includes(`secret:${secretName}`)),
    );
}

describe('outbound lifecycle webhooks', () => {
  it('are delivered by a function that every publication.* event triggers, through a rule with retries and a DLQ', () => {
    const publicationTypes = Object.values(events)
      .map((contract) => contract.detailType)
      .filter((type) => type.startsWith('publication.'));
    expect(publicationTypes.length).toBeGreaterThanOrEqual(7);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'detail-type': publicationTypes },
      Targets: [
        Match.objectLike({
          Arn: resolve(outbound.fn.functionArn),
          DeadLetterConfig: { Arn: resolve(outbound.deadLetterQueue.queueArn) },
          RetryPolicy: {
            MaximumRetryAttempts: deliveryPolicy.ruleTargetRetryAttempts,
            MaximumEventAgeInSeconds: deliveryPolicy.ruleTargetMaxEventAgeHours * 3600,
          },
        }),
      ],
    });
  });

  it('sends what the function’s own retries could not deliver to the DLQ (on-failure destination)', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: stack.getLogicalId(outbound.fn.node.defaultChild as never) },
      MaximumRetryAttempts: deliveryPolicy.asyncInvokeRetryAttempts,
      DestinationConfig: { OnFailure: { Destination: resolve(outbound.deadLetterQueue.queueArn) } },
    });
  });

  it('lets only the functions flagged for it read the outbound and the publisher signing secrets', () => {
    for (const spec of functionSpecs) {
      expect(readsSecret(spec.id, 'vigie/example/outbound'), spec.id).toBe(
        spec.access.outboundWebhookSecrets,
      );
      expect(readsSecret(spec.id, 'vigie/example/publisher'), spec.id).toBe(spec.access.publisherSecrets);
    }
    expect(readsSecret('deliverOutboundWebhooks', 'vigie/example/outbound')).toBe(true);
  });
});
