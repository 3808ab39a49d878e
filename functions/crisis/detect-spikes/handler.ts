import { documentClient } from '../../../shared/adapters/dynamodb.ts';
import { eventBridgePublisher } from '../../../shared/adapters/event-publisher.ts';
import { DynamoIncidentStore } from '../../../shared/adapters/incident-store.ts';
import { DynamoMentionStore } from '../../../shared/adapters/mention-store.ts';
import { DynamoRadarStore } from '../../../shared/adapters/radar-store.ts';
import { clientConfigFromEnvironment, requiredEnv } from '../../../shared/runtime/environment.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { createHandler } from './app.ts';

const config = clientConfigFromEnvironment();
const table = { client: documentClient(), tableName: requiredEnv('TABLE_NAME') };

export const handler = createHandler({
  ...observability('detectSpikes'),
  config,
  // Read-only use of the mention store here: counters and the last hour's mentions.
  mentionStore: new DynamoMentionStore(table, {
    retentionDays: config.crisis.retentionDays,
    orphanAfterMs: 0,
  }),
  radarStore: new DynamoRadarStore(table),
  incidentStore: new DynamoIncidentStore(table),
  publisher: eventBridgePublisher(requiredEnv('EVENT_BUS_NAME')),
});
