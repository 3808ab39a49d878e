/**
 * Bundled by test/infra/bundled-clients.test.ts the way `vigieBundling` bundles a Lambda (aliases
 * included), then run: real SDK calls through the bundled clients, so that a stand-in module that
 * drops something the clients need fails there rather than in AWS.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../shared/adapters/dynamodb.ts';
import { observability, traced, withObservability } from '../../shared/runtime/observability.ts';

export interface Probe {
  dynamoEndpoint: string;
  tableName: string;
  /** A local HTTP stand-in for EventBridge and S3. */
  standInEndpoint: string;
}

const region = 'eu-west-3';

export const handler = withObservability(async ({ dynamoEndpoint, tableName, standInEndpoint }: Probe) => {
  const table = documentClient({ endpoint: dynamoEndpoint, region });
  await table.send(
    new PutCommand({ TableName: tableName, Item: { pk: 'PROBE', sk: 'A#1', n: 1, tags: ['x'] } }),
  );
  await table.send(new PutCommand({ TableName: tableName, Item: { pk: 'PROBE', sk: 'A#2', n: 2 } }));
  await table.send(new PutCommand({ TableName: tableName, Item: { pk: 'PROBE', sk: 'B#1', n: 3 } }));
  const got = await table.send(new GetCommand({ TableName: tableName, Key: { pk: 'PROBE', sk: 'A#1' } }));
  const queried = await table.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': 'PROBE', ':prefix': 'A#' },
    }),
  );

  const bus = traced(new EventBridgeClient({ endpoint: standInEndpoint, region }));
  const published = await bus.send(
    new PutEventsCommand({
      Entries: [
        { EventBusName: 'vigie-probe', Source: 'vigie.probe', DetailType: 'probe.sent', Detail: '{"n":1}' },
      ],
    }),
  );

  const archive = traced(new S3Client({ endpoint: standInEndpoint, region, forcePathStyle: true }));
  const archived = await archive.send(
    new PutObjectCommand({ Bucket: 'vigie-probe', Key: 'raw/probe.json', Body: '{"raw":true}' }),
  );

  return {
    item: got.Item,
    queried: queried.Items?.map((item) => item.sk),
    eventIds: published.Entries?.map((entry) => entry.EventId),
    failedEntryCount: published.FailedEntryCount,
    etag: archived.ETag,
  };
}, observability('bundleProbe'));
