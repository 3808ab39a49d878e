import { parametersAndSecretsExtension } from '../../../shared/adapters/parameters-and-secrets-extension.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { requiredEnv } from '../../../shared/runtime/required-env.ts';
import { createHandler } from './app.ts';

const secretArn = requiredEnv('API_KEY_SECRET_ARN');
const secrets = parametersAndSecretsExtension();

export const handler = createHandler({
  ...observability('authorizeApiKey'),
  apiKey: () => secrets.secret(secretArn),
});
