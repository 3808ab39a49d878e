import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { functionSpecs } from '../../../shared/events/routing.ts';
import { OperationMeter } from '../../../shared/local/operation-meter.ts';
import { useLocalTable } from '../adapters/local-table.ts';

const dynamo = useLocalTable();

describe('operation meter', () => {
  it('counts write units from consumed capacity, failed conditions from the item, per function', async () => {
    const meter = new OperationMeter({ keepCalls: true });
    const { client, tableName } = dynamo.current.table;
    meter.attach(client);
    const spec = functionSpecs.find((candidate) => candidate.id === 'recordMentions')!;
    const put = (text: string) =>
      client.send(
        new PutCommand({
          TableName: tableName,
          Item: { pk: 'MENTIONS#2026-03-02', sk: 'a', text },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    const handler = meter.wrap(spec, async (event: never) => {
      await put('x'.repeat(1500)); // 2 KB item: 2 units
      await put('y').catch(() => undefined); // condition fails: still 1 unit
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: 'MENTIONS#2026-03-02', sk: 'a' },
          UpdateExpression: 'SET n = :n',
          ExpressionAttributeValues: { ':n': 1 },
        }),
      );
      return event;
    });
    await handler({ Records: [{}, {}] } as never, {} as never);
    const counted = meter.snapshot();
    expect(counted.writeUnits).toBe(2 + 1 + 2);
    expect(counted.invocations).toEqual({ recordMentions: 1 });
    expect(counted.queuedMessages).toBe(2);
    expect(counted.awsCalls).toEqual({ recordMentions: 3 });
    expect(meter.calls.map((call) => [call.command, call.item, call.conditionFailed])).toEqual([
      ['PutItemCommand', 'MENTIONS', false],
      ['PutItemCommand', 'MENTIONS', true],
      ['UpdateItemCommand', 'MENTIONS', false],
    ]);
  });
});
