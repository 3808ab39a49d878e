import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { VigieStack } from '../../infra/vigie-stack.ts';
import { loadClientConfig, parseClientConfig } from '../../shared/config/client-config.ts';
import { events } from '../../shared/events/catalog.ts';
import { deliveryPolicy, functionSpecs } from '../../shared/events/routing.ts';
import { parametersReadBy } from './stack-fixture.ts';

/** The example client with a webhook publisher and an outbound webhook (synthesized without bundling). */
const example = JSON.parse(JSON.stringify(loadClientConfig('clients/example.json')));
const config = parseClientConfig({
  ...example,
  publishers: {
    tiktok: {
      kind: 'webhook',
      url: 'https://hooks.zapier.com/hooks/catch/1/abc',
      secretName: '/vigie/example/publisher',
    },
  },
  outboundWebhooks: [{ url: 'https://n8n.maison.fr/webhook/vigie', secretName: '/vigie/example/outbound' }],
});
const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
const stack = new VigieStack(app, 'Vigie-outbound', {
  config,
  env: { account: '111111111111', region: 'eu-west-3' },
});
const template = Template.fromStack(stack);
const resolve = (value: unknown) => stack.resolve(value);

const outbound = stack.publishing.functions.find((entry) => entry.fn.spec.id === 'deliverOutboundWebhooks')!;

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

  it('lets each function read exactly the parameters its flags name, the signing secrets included', () => {
    for (const spec of functionSpecs) {
      const expected = [
        ...(spec.access.networkTokens ? Object.values(config.accounts).map((a) => a.tokenSecretName) : []),
        ...(spec.access.webhookSecrets ? config.webhooks.map((hook) => hook.secretName) : []),
        ...(spec.access.publisherSecrets ? ['/vigie/example/publisher'] : []),
        ...(spec.access.outboundWebhookSecrets ? ['/vigie/example/outbound'] : []),
      ].sort();
      const read = parametersReadBy(stack, template, spec.id);
      expect(read.names, spec.id).toEqual(expected);
      expect(read.actions, spec.id).toEqual(expected.length ? ['ssm:GetParameter'] : []);
    }
    expect(parametersReadBy(stack, template, 'deliverOutboundWebhooks').names).toEqual([
      '/vigie/example/outbound',
    ]);
  });
});
