import { PutCommand, paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Alert } from '../domain/alerts/alerts.ts';
import { isConditionalCheckFailed, type TableRef } from './dynamodb.ts';

export interface SentAlert extends Alert {
  status: 'sending' | 'sent';
}

/** Port: the record of alerts, so that an alert re-delivered by the bus is emailed once. */
export interface AlertStore {
  /** 'claimed': send it now; 'already-sent': a previous delivery sent it. */
  claim(alert: Alert): Promise<'claimed' | 'already-sent'>;
  markSent(alert: Alert): Promise<void>;
  listMonth(month: string): Promise<SentAlert[]>;
}

function alertKeys(alert: Alert) {
  return { pk: `ALERTS#${alert.at.slice(0, 7)}`, sk: alert.key };
}

export class DynamoAlertStore implements AlertStore {
  constructor(private readonly table: TableRef) {}

  async claim(alert: Alert): Promise<'claimed' | 'already-sent'> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: { ...alertKeys(alert), ...alert, status: 'sending' },
          // A 'sending' record left by a crashed attempt is claimed again: at-least-once, never zero.
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending' },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'already-sent';
      throw error;
    }
  }

  async markSent(alert: Alert): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: alertKeys(alert),
        UpdateExpression: 'SET #status = :sent',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent' },
      }),
    );
  }

  async listMonth(month: string): Promise<SentAlert[]> {
    const alerts: SentAlert[] = [];
    const pages = paginateQuery(
      { client: this.table.client },
      {
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `ALERTS#${month}` },
      },
    );
    for await (const page of pages) {
      for (const { pk, sk, ...alert } of page.Items ?? []) alerts.push(alert as SentAlert);
    }
    return alerts.sort((a, b) => a.at.localeCompare(b.at));
  }
}
