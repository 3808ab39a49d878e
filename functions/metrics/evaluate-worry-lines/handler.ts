import { documentClient } from '../../../shared/adapters/dynamodb.ts';
import { eventBridgePublisher } from '../../../shared/adapters/event-publisher.ts';
import { DynamoMentionStore } from '../../../shared/adapters/mention-store.ts';
import { DynamoOnceStore } from '../../../shared/adapters/once-store.ts';
import { RecomputedRollups } from '../../../shared/adapters/recomputed-rollups.ts';
import { DynamoSnapshotStore } from '../../../shared/adapters/snapshot-store.ts';
import { clientConfigFromEnvironment, requiredEnv } from '../../../shared/runtime/environment.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { createHandler } from './app.ts';

const config = clientConfigFromEnvironment();
const table = { client: documentClient(), tableName: requiredEnv('TABLE_NAME') };
const mentionStore = new DynamoMentionStore(table, {
  retentionDays: config.crisis.retentionDays,
  orphanAfterMs: 0,
});

export const handler = createHandler({
  ...observability('evaluateWorryLines'),
  config,
  rollupStore: new RecomputedRollups(new DynamoSnapshotStore(table), mentionStore, config.client.timeZone),
  onceStore: new DynamoOnceStore(table),
  publisher: eventBridgePublisher(requiredEnv('EVENT_BUS_NAME')),
});
