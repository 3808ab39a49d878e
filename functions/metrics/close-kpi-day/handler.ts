import { documentClient } from '../../../shared/adapters/dynamodb.ts';
import { metricsStores } from '../../../shared/adapters/metrics-stores.ts';
import { clientConfigFromEnvironment, requiredEnv } from '../../../shared/runtime/environment.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { createHandler } from './app.ts';

const config = clientConfigFromEnvironment();

export const handler = createHandler({
  ...observability('closeKpiDay'),
  config,
  ...metricsStores({ client: documentClient(), tableName: requiredEnv('TABLE_NAME') }, config),
});
