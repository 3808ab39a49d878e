import { documentClient } from '../../../shared/adapters/dynamodb.ts';
import { DynamoPostMetricsStore } from '../../../shared/adapters/post-metrics-store.ts';
import { clientConfigFromEnvironment, requiredEnv } from '../../../shared/runtime/environment.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { createHandler } from './app.ts';

const table = { client: documentClient(), tableName: requiredEnv('TABLE_NAME') };

// Read-only: the function is granted Query alone.
export const handler = createHandler({
  ...observability('listPosts'),
  config: clientConfigFromEnvironment(),
  postMetricsStore: new DynamoPostMetricsStore(table),
});
