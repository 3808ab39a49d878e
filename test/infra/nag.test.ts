import { App, Stack, Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { VigieStack } from '../../infra/vigie-stack.ts';
import { loadClientConfig } from '../../shared/config/client-config.ts';

function appWithNag(): App {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in the client stack (each acknowledgement sits on its resource)', () => {
    const app = appWithNag();
    new VigieStack(app, 'Vigie-example', {
      config: loadClientConfig('clients/example.json'),
      env: { account: '111111111111', region: 'eu-west-3' },
    });
    expect(() => app.synth()).not.toThrow();
  });

  it('is really checking: a bare queue fails the synth', () => {
    const app = appWithNag();
    new Queue(new Stack(app, 'Bare', { env: { account: '111111111111', region: 'eu-west-3' } }), 'Queue');
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS3/);
  });
});
