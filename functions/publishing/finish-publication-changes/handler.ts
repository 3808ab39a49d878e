import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { documentClient } from '../../../shared/adapters/dynamodb.ts';
import { eventBridgePublisher } from '../../../shared/adapters/event-publisher.ts';
import { publicationSchedulerFromEnvironment } from '../../../shared/adapters/publication-scheduler.ts';
import { DynamoPublicationStore } from '../../../shared/adapters/publication-store.ts';
import { publishingTimeZone } from '../../../shared/config/client-config.ts';
import { clientConfigFromEnvironment, requiredEnv } from '../../../shared/runtime/environment.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { createHandler } from './app.ts';

const config = clientConfigFromEnvironment();
const timeZone = publishingTimeZone(config);

export const handler = createHandler({
  ...observability('finishPublicationChanges'),
  config,
  publicationStore: new DynamoPublicationStore(
    { client: documentClient(), tableName: requiredEnv('TABLE_NAME') },
    timeZone,
  ),
  publicationScheduler: publicationSchedulerFromEnvironment(new SchedulerClient({}), timeZone),
  publisher: eventBridgePublisher(requiredEnv('EVENT_BUS_NAME')),
});
