import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoAlertStore } from '../../../shared/adapters/alert-store.ts';
import { documentClient } from '../../../shared/adapters/dynamodb.ts';
import { SesMailer } from '../../../shared/adapters/mailer.ts';
import { parametersAndSecretsExtension } from '../../../shared/adapters/parameters-and-secrets-extension.ts';
import { clientConfigFromEnvironment, requiredEnv } from '../../../shared/runtime/environment.ts';
import { observability, traced } from '../../../shared/runtime/observability.ts';
import { createHandler } from './app.ts';

const linkKeyArn = requiredEnv('LINK_SIGNING_SECRET_ARN');
const secrets = parametersAndSecretsExtension();

export const handler = createHandler({
  ...observability('sendAlertEmail'),
  config: clientConfigFromEnvironment(),
  alertStore: new DynamoAlertStore({ client: documentClient(), tableName: requiredEnv('TABLE_NAME') }),
  mailer: new SesMailer(traced(new SESv2Client({}))),
  links: {
    apiUrl: requiredEnv('API_URL'),
    signingKey: () => secrets.secret(linkKeyArn),
  },
});
