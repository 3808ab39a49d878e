import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, type TableRef } from './dynamodb.ts';

/** The item that records one action (built by `keys.*` in shared/data/table.ts). */
export interface OnceKey {
  pk: string;
  sk: string;
}

/**
 * Port: actions done once per key, such as a worry-line crossing put on the bus or a monthly report
 * sent. `claim` then act then `markDone`: a claim left by a crashed attempt is taken again (at least
 * once, never zero), a done one is not (a second evaluation does nothing).
 */
export interface OnceStore {
  claim(key: OnceKey, at: string, expiresAt?: number): Promise<'claimed' | 'done'>;
  markDone(key: OnceKey): Promise<void>;
}

export class DynamoOnceStore implements OnceStore {
  constructor(private readonly table: TableRef) {}

  async claim(key: OnceKey, at: string, expiresAt?: number): Promise<'claimed' | 'done'> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: { ...key, at, status: 'pending', expiresAt },
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending' },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'done';
      throw error;
    }
  }

  async markDone(key: OnceKey): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: key,
        UpdateExpression: 'SET #status = :done',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':done': 'done' },
      }),
    );
  }
}
