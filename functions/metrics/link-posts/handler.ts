import { documentClient } from '../../../shared/adapters/dynamodb.ts';
import { DynamoPostLinks } from '../../../shared/adapters/post-links.ts';
import { DynamoSnapshotStore } from '../../../shared/adapters/snapshot-store.ts';
import { requiredEnv } from '../../../shared/runtime/environment.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { createHandler } from './app.ts';

const table = { client: documentClient(), tableName: requiredEnv('TABLE_NAME') };

export const handler = createHandler({
  ...observability('linkPosts'),
  postLinks: new DynamoPostLinks(table),
  snapshotStore: new DynamoSnapshotStore(table),
});
