import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoAlertStore } from '../../../shared/adapters/alert-store.ts';
import { documentClient } from '../../../shared/adapters/dynamodb.ts';
import { SesMailer } from '../../../shared/adapters/mailer.ts';
import { parametersAndSecretsExtension } from '../../../shared/adapters/parameters-and-secrets-extension.ts';
import { DynamoPublicationStore } from '../../../shared/adapters/publication-store.ts';
import { publishingTimeZone } from '../../../shared/config/client-config.ts';
import { clientConfigFromEnvironment, requiredEnv } from '../../../shared/runtime/environment.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { createHandler } from './app.ts';

const config = clientConfigFromEnvironment();
const table = { client: documentClient(), tableName: requiredEnv('TABLE_NAME') };
const linkKeyArn = requiredEnv('LINK_SIGNING_SECRET_ARN');
const secrets = parametersAndSecretsExtension();

export const handler = createHandler({
  ...observability('notifyReviewers'),
  config,
  publicationStore: new DynamoPublicationStore(table, publishingTimeZone(config)),
  alertStore: new DynamoAlertStore(table),
  mailer: new SesMailer(new SESv2Client({})),
  links: {
    apiUrl: requiredEnv('API_URL'),
    signingKey: () => secrets.secret(linkKeyArn),
  },
});
