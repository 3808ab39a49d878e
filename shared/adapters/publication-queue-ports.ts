import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { type ClientConfig, publishingTimeZone } from '../config/client-config.ts';
import type { PublicationQueuePorts } from '../domain/publishing/queue.ts';
import { requiredEnv } from '../runtime/required-env.ts';
import { documentClient } from './dynamodb.ts';
import { eventBridgePublisher } from './event-publisher.ts';
import { publicationSchedulerFromEnvironment } from './publication-scheduler.ts';
import { DynamoPublicationStore } from './publication-store.ts';

/** The queue's ports in AWS: the table, EventBridge Scheduler and the bus. Called once, at init. */
export function publicationQueuePortsFromEnvironment(config: ClientConfig): PublicationQueuePorts & {
  publicationStore: DynamoPublicationStore;
} {
  const timeZone = publishingTimeZone(config);
  return {
    config,
    publicationStore: new DynamoPublicationStore(
      { client: documentClient(), tableName: requiredEnv('TABLE_NAME') },
      timeZone,
    ),
    publicationScheduler: publicationSchedulerFromEnvironment(new SchedulerClient({}), timeZone),
    publisher: eventBridgePublisher(requiredEnv('EVENT_BUS_NAME')),
  };
}
