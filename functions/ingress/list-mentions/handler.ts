import { documentClient } from '../../../shared/adapters/dynamodb.ts';
import { DynamoMentionStore } from '../../../shared/adapters/mention-store.ts';
import { clientConfigFromEnvironment, requiredEnv } from '../../../shared/runtime/environment.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { createHandler } from './app.ts';

const config = clientConfigFromEnvironment();

export const handler = createHandler({
  ...observability('listMentions'),
  // Read-only here: only `page` is used (the function is granted Query alone).
  mentionStore: new DynamoMentionStore(
    { client: documentClient(), tableName: requiredEnv('TABLE_NAME') },
    { retentionDays: config.crisis.retentionDays, orphanAfterMs: 0 },
  ),
});
