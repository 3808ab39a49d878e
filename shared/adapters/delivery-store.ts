import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys, ONE_DAY_SECONDS } from '../data/table.ts';
import type { TableRef } from './dynamodb.ts';

/** Port: webhook deliveries already accepted, so a sender's retry produces no new event. */
export interface DeliveryStore {
  seen(source: string, deliveryId: string): Promise<boolean>;
  remember(source: string, deliveryId: string, at: Date): Promise<void>;
}

/** Senders retry for hours to a few days: remembering a delivery for a week covers them all. */
const REMEMBER_DAYS = 7;

export class DynamoDeliveryStore implements DeliveryStore {
  constructor(private readonly table: TableRef) {}

  async seen(source: string, deliveryId: string): Promise<boolean> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.delivery(source, deliveryId),
        ProjectionExpression: 'pk',
      }),
    );
    return Item !== undefined;
  }

  async remember(source: string, deliveryId: string, at: Date): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.delivery(source, deliveryId),
          acceptedAt: at.toISOString(),
          expiresAt: Math.floor(at.getTime() / 1000) + REMEMBER_DAYS * ONE_DAY_SECONDS,
        },
      }),
    );
  }
}
