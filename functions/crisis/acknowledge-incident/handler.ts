import { documentClient } from '../../../shared/adapters/dynamodb.ts';
import { DynamoIncidentStore } from '../../../shared/adapters/incident-store.ts';
import { parametersAndSecretsExtension } from '../../../shared/adapters/parameters-and-secrets-extension.ts';
import { clientConfigFromEnvironment, requiredEnv } from '../../../shared/runtime/environment.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { createHandler } from './app.ts';

const linkKeyArn = requiredEnv('LINK_SIGNING_SECRET_ARN');
const secrets = parametersAndSecretsExtension();

export const handler = createHandler({
  ...observability('acknowledgeIncident'),
  config: clientConfigFromEnvironment(),
  incidentStore: new DynamoIncidentStore({ client: documentClient(), tableName: requiredEnv('TABLE_NAME') }),
  linkSigningKey: () => secrets.secret(linkKeyArn),
});
