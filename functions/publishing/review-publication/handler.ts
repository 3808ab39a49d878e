import { parametersAndSecretsExtension } from '../../../shared/adapters/parameters-and-secrets-extension.ts';
import { publicationQueuePortsFromEnvironment } from '../../../shared/adapters/publication-queue-ports.ts';
import { clientConfigFromEnvironment, requiredEnv } from '../../../shared/runtime/environment.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { createHandler } from './app.ts';

const linkKeyArn = requiredEnv('LINK_SIGNING_SECRET_ARN');
const secrets = parametersAndSecretsExtension();

export const handler = createHandler({
  ...observability('reviewPublication'),
  ...publicationQueuePortsFromEnvironment(clientConfigFromEnvironment()),
  linkSigningKey: () => secrets.secret(linkKeyArn),
});
