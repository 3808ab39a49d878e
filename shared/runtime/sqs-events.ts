import { EventBridgeEnvelope } from '@aws-lambda-powertools/parser/envelopes/eventbridge';
import type { SQSRecord } from 'aws-lambda';
import type { z } from 'zod';

/** A queue message carrying an EventBridge event (rule → SQS target): returns its validated detail. */
export function detailOfQueuedEvent<Schema extends z.ZodType>(
  record: SQSRecord,
  schema: Schema,
): z.infer<Schema> {
  return EventBridgeEnvelope.parse(JSON.parse(record.body), schema) as z.infer<Schema>;
}
