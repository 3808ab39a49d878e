import { SQSClient } from '@aws-sdk/client-sqs';
import { QueuedRawArchive, sqsMessageSender } from '../../../shared/adapters/archive-queue.ts';
import { DynamoDeliveryStore } from '../../../shared/adapters/delivery-store.ts';
import { documentClient } from '../../../shared/adapters/dynamodb.ts';
import { eventBridgePublisher } from '../../../shared/adapters/event-publisher.ts';
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
  archive: new QueuedRawArchive(
    sqsMessageSender(traced(new SQSClient({})), requiredEnv('WEBHOOK_ARCHIVE_QUEUE_URL')),
  ),
});
