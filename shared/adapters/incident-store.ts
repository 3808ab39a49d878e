import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../data/table.ts';
import type { TableRef } from './dynamodb.ts';

/** Port: who acknowledged which incident (an acknowledged incident gets no reminder). */
export interface IncidentStore {
  acknowledge(incidentId: string, at: string): Promise<void>;
  isAcknowledged(incidentId: string): Promise<boolean>;
}

export class DynamoIncidentStore implements IncidentStore {
  constructor(private readonly table: TableRef) {}

  async acknowledge(incidentId: string, at: string): Promise<void> {
    await this.table.client
      .send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: { ...keys.incidentAcknowledgement(incidentId), acknowledgedAt: at },
          // The first acknowledgement is the one kept; clicking the link again changes nothing.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .catch((error: { name?: string }) => {
        if (error.name !== 'ConditionalCheckFailedException') throw error;
      });
  }

  async isAcknowledged(incidentId: string): Promise<boolean> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.incidentAcknowledgement(incidentId),
        ConsistentRead: true,
      }),
    );
    return Item !== undefined;
  }
}
