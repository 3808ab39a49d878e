import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { documentClient } from '../../../shared/adapters/dynamodb.ts';
import { eventBridgePublisher } from '../../../shared/adapters/event-publisher.ts';
import { ParameterStoreNetworkTokens } from '../../../shared/adapters/network-tokens.ts';
import { publicationSchedulerFromEnvironment } from '../../../shared/adapters/publication-scheduler.ts';
import { DynamoPublicationStore } from '../../../shared/adapters/publication-store.ts';
import {
  publishersFromConfig,
  publishingQuotaFromConfig,
} from '../../../shared/adapters/publishers/index.ts';
import { ParameterStoreSigningSecrets } from '../../../shared/adapters/signing-secrets.ts';
import { publishingTimeZone } from '../../../shared/config/client-config.ts';
import { clientConfigFromEnvironment, requiredEnv } from '../../../shared/runtime/environment.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { createHandler } from './app.ts';

const config = clientConfigFromEnvironment();
const timeZone = publishingTimeZone(config);
const publicationStore = new DynamoPublicationStore(
  { client: documentClient(), tableName: requiredEnv('TABLE_NAME') },
  timeZone,
);
const publisherDeps = {
  tokens: ParameterStoreNetworkTokens.throughExtension(config),
  signingSecrets: ParameterStoreSigningSecrets.throughExtension(),
};

export const handler = createHandler({
  ...observability('publishPublication'),
  config,
  publicationStore,
  publicationScheduler: publicationSchedulerFromEnvironment(new SchedulerClient({}), timeZone),
  publisher: eventBridgePublisher(requiredEnv('EVENT_BUS_NAME')),
  publishers: publishersFromConfig(config, publisherDeps),
  quota: publishingQuotaFromConfig(config, { ...publisherDeps, published: publicationStore }),
});
