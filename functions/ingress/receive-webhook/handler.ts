import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDeliveryStore } from '../../../shared/adapters/delivery-store.ts';
import { documentClient } from '../../../shared/adapters/dynamodb.ts';
import { eventBridgePublisher } from '../../../shared/adapters/event-publisher.ts';
import { S3RawArchive } from '../../../shared/adapters/raw-archive.ts';
import { ParameterStoreWebhookSecrets } from '../../../shared/adapters/webhook-secrets.ts';
import { clientConfigFromEnvironment, requiredEnv } from '../../../shared/runtime/environment.ts';
import { observability, traced } from '../../../shared/runtime/observability.ts';
import { createHandler } from './app.ts';

const config = clientConfigFromEnvironment();

export const handler = createHandler({
  ...observability('receiveWebhook'),
  config,
  secrets: ParameterStoreWebhookSecrets.throughExtension(config),
  deliveries: new DynamoDeliveryStore({ client: documentClient(), tableName: requiredEnv('TABLE_NAME') }),
  publisher: eventBridgePublisher(requiredEnv('EVENT_BUS_NAME')),
  archive: new S3RawArchive(traced(new S3Client({})), requiredEnv('ARCHIVE_BUCKET')),
});
