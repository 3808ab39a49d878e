import type { SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';

/**
 * The EventBridge event a rule puts on an SQS target, with its detail checked by the event's contract.
 * Declared here rather than taken from Powertools parser's EventBridgeEnvelope: that module imports
 * zod as `{ z }` and every Powertools schema with it, which put ~350 KB in each queue consumer's bundle.
 */
function envelopeOf(detail: z.ZodMiniType) {
  return z.object({
    version: z.string(),
    id: z.string(),
    source: z.string(),
    account: z.string(),
    time: z.iso.datetime(),
    region: z.string(),
    resources: z.array(z.string()),
    'detail-type': z.string(),
    detail,
  });
}

// One envelope per contract, built once: zod compiles an object schema on its first parse.
const envelopes = new WeakMap<z.ZodMiniType, ReturnType<typeof envelopeOf>>();

/** A queue message carrying an EventBridge event (rule → SQS target): returns its validated detail. */
export function detailOfQueuedEvent<Schema extends z.ZodMiniType>(
  record: SQSRecord,
  schema: Schema,
): z.infer<Schema> {
  let envelope = envelopes.get(schema);
  if (!envelope) {
    envelope = envelopeOf(schema);
    envelopes.set(schema, envelope);
  }
  return envelope.parse(JSON.parse(record.body)).detail as z.infer<Schema>;
}
