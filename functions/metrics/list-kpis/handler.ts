import { documentClient } from '../../../shared/adapters/dynamodb.ts';
import { DynamoRollupStore } from '../../../shared/adapters/rollup-store.ts';
import { clientConfigFromEnvironment, requiredEnv } from '../../../shared/runtime/environment.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { createHandler } from './app.ts';

const table = { client: documentClient(), tableName: requiredEnv('TABLE_NAME') };

// Read-only: the function is granted Query alone.
export const handler = createHandler({
  ...observability('listKpis'),
  config: clientConfigFromEnvironment(),
  rollupStore: new DynamoRollupStore(table),
});
