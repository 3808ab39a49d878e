import { DynamoDeliveryStore } from '../../../shared/adapters/delivery-store.ts';
import { documentClient } from '../../../shared/adapters/dynamodb.ts';
import { ParameterStoreSigningSecrets } from '../../../shared/adapters/signing-secrets.ts';
import { clientConfigFromEnvironment, requiredEnv } from '../../../shared/runtime/environment.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { createHandler } from './app.ts';

export const handler = createHandler({
  ...observability('deliverOutboundWebhooks'),
  config: clientConfigFromEnvironment(),
  outboundWebhookSecrets: ParameterStoreSigningSecrets.throughExtension(),
  deliveries: new DynamoDeliveryStore({ client: documentClient(), tableName: requiredEnv('TABLE_NAME') }),
});
