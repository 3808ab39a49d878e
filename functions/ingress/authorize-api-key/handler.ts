import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { observability } from '../../../shared/runtime/observability.ts';
import { requiredEnv } from '../../../shared/runtime/required-env.ts';
import { createHandler } from './app.ts';

const secretArn = requiredEnv('API_KEY_SECRET_ARN');

export const handler = createHandler({
  ...observability('authorizeApiKey'),
  apiKey: async () => (await getSecret<string>(secretArn, { maxAge: 300 })) ?? '',
});
