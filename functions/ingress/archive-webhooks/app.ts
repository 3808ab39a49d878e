import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { archivedDeliveryOf } from '../../../shared/adapters/archive-queue.ts';
import type { RawArchiveWriter } from '../../../shared/adapters/raw-archive.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';

export interface ArchiveWebhooksDependencies extends Observability {
  /** The raw archive itself: the S3 bucket in AWS, a folder locally. */
  rawArchive: RawArchiveWriter;
}

/**
 * The archive queue (filled by receiveWebhook) → one archive object per delivery. The key is a
 * function of the delivery, so a message delivered twice rewrites the same object with the same
 * content. A record that cannot be read or written is reported as a batch item failure
 * (redelivered, then the ingress DLQ); the others of its batch are archived.
 */
export function createHandler(deps: ArchiveWebhooksDependencies): Handler<SQSEvent, SQSBatchResponse> {
  const { logger, rawArchive } = deps;
  return withObservability(async (event, context) => {
    const processor = new BatchProcessor(EventType.SQS);
    const response = await processPartialResponse(
      event,
      async (record: SQSRecord) => rawArchive.put(archivedDeliveryOf(record.body)),
      processor,
      { context, throwOnFullBatchFailure: false },
    );
    // By message id: SQS keeps it when the message reaches the DLQ.
    processor.failureMessages.forEach((record, index) => {
      logger.warn('delivery left for redelivery to the archive', {
        messageId: (record as SQSRecord).messageId,
        reason: processor.errors[index]?.message,
      });
    });
    return response;
  }, deps);
}
