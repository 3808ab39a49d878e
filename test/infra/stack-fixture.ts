import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
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
