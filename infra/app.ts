import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ClientConfigError, loadClientConfig } from '../shared/config/client-config.ts';
import { VigieStack } from './vigie-stack.ts';

/** `cdk synth -c client=<name>` reads and validates clients/<name>.json, then builds that client's stack. */
const app = new App();
// The AwsSolutions pack runs at every synth: an unacknowledged finding stops it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
const clientName = app.node.tryGetContext('client') ?? 'example';
const file = `clients/${clientName}.json`;

try {
  const config = loadClientConfig(file);
  new VigieStack(app, `Vigie-${config.client.name}`, {
    config,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    description: `Vigie social media backend for ${config.client.displayName}`,
  });
} catch (error) {
  if (error instanceof ClientConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
