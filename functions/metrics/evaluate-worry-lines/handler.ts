import { documentClient } from '../../../shared/adapters/dynamodb.ts';
import { eventBridgePublisher } from '../../../shared/adapters/event-publisher.ts';
import { DynamoOnceStore } from '../../../shared/adapters/once-store.ts';
import { DynamoRollupStore } from '../../../shared/adapters/rollup-store.ts';
import { clientConfigFromEnvironment, requiredEnv } from '../../../shared/runtime/environment.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { createHandler } from './app.ts';

const table = { client: documentClient(), tableName: requiredEnv('TABLE_NAME') };

export const handler = createHandler({
  ...observability('evaluateWorryLines'),
  config: clientConfigFromEnvironment(),
  rollupStore: new DynamoRollupStore(table),
  onceStore: new DynamoOnceStore(table),
  publisher: eventBridgePublisher(requiredEnv('EVENT_BUS_NAME')),
});
