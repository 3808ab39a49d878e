import { documentClient } from '../../../shared/adapters/dynamodb.ts';
import { DynamoSnapshotStore } from '../../../shared/adapters/snapshot-store.ts';
import { clientConfigFromEnvironment, requiredEnv } from '../../../shared/runtime/environment.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { createHandler } from './app.ts';

export const handler = createHandler({
  ...observability('recordMetrics'),
  config: clientConfigFromEnvironment(),
  snapshotStore: new DynamoSnapshotStore({ client: documentClient(), tableName: requiredEnv('TABLE_NAME') }),
});
