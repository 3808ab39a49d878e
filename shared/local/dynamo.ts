import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import type { TableRef } from '../adapters/dynamodb.ts';
import { documentClient } from '../adapters/dynamodb.ts';
import { tableDefinition } from '../data/table.ts';

export interface LocalDynamo {
  table: TableRef;
  endpoint: string;
  close(): Promise<void>;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const LOCAL_TABLE_NAME = 'vigie-local';

/**
 * Embedded DynamoDB (dynalite) on a loopback port, reached through the real AWS SDK clients.
 * With `path` the data persists on disk (LevelDB); without, it lives in memory.
 */
export async function startLocalDynamo(options: { path?: string } = {}): Promise<LocalDynamo> {
  const server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const clientConfig = { endpoint, region: 'local', credentials: LOCAL_CREDENTIALS, maxAttempts: 3 };
  await createTableIfMissing(new DynamoDBClient(clientConfig), LOCAL_TABLE_NAME);
  return {
    table: { client: documentClient(clientConfig), tableName: LOCAL_TABLE_NAME },
    endpoint,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The same table as the CDK stack's (keys, index, TTL), from the one table definition. */
async function createTableIfMissing(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await createTable(client, tableName);
  } finally {
    client.destroy();
  }
}

async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const attributes = new Set<string>([tableDefinition.partitionKey, tableDefinition.sortKey]);
  for (const index of tableDefinition.indexes) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: tableDefinition.indexes.length
          ? tableDefinition.indexes.map((index) => ({
              IndexName: index.indexName,
              KeySchema: [
                { AttributeName: index.partitionKey, KeyType: 'HASH' },
                { AttributeName: index.sortKey, KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            }))
          : undefined,
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceInUseException') throw error;
    return;
  }
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
      }),
    );
  } catch {
    // dynalite does not implement TTL; expiry is a DynamoDB service feature, covered by the CDK test.
  }
}
