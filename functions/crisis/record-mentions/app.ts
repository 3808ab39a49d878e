import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { MentionStore } from '../../../shared/adapters/mention-store.ts';
import { countByBucket, type LabeledMention } from '../../../shared/domain/crisis/buckets.ts';
import { type Mention, mentionSchema } from '../../../shared/events/catalog.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';
import { detailOfQueuedEvent } from '../../../shared/runtime/sqs-events.ts';
import type { SentimentEngine } from '../../../shared/sentiment/index.ts';

export interface RecordMentionsDependencies extends Observability {
  mentionStore: MentionStore;
  sentiment: SentimentEngine;
  sentimentSource: 'builtin' | 'comprehend';
}

/**
 * mention.received (buffered by SQS) → label → store once → one counter write per bucket per batch.
 * Invalid or not-yet-countable records are reported as batch item failures (redelivered, then DLQ).
 */
export function createHandler(deps: RecordMentionsDependencies): Handler<SQSEvent, SQSBatchResponse> {
  const { logger, metrics, mentionStore } = deps;

  return withObservability(async (event, context) => {
    const batchId = context.awsRequestId;
    const labeled = await labelMentions(deps, event.Records);
    // Keyed like the stored item: the same mention twice in one batch (an at-least-once duplicate, or
    // two deliveries carrying one comment) is stored once and must be counted once.
    const fresh = new Map<string, LabeledMention>();
    const processor = new BatchProcessor(EventType.SQS);

    const response = await processPartialResponse(
      event,
      async (record: SQSRecord) => {
        const mention = labeled.get(record.messageId);
        if (!mention) throw new Error(`message ${record.messageId} is not a valid mention.received event`);
        const outcome = await mentionStore.save(mention, batchId);
        if (outcome === 'retry-later')
          throw new Error(`mention ${mention.id} is held by a batch still in flight`);
        if (outcome === 'new') fresh.set(`${mention.network}#${mention.id}#${mention.at}`, mention);
      },
      processor,
      { context, throwOnFullBatchFailure: false },
    );

    await mentionStore.addCounts(countByBucket([...fresh.values()]), batchId);
    const failed = response.batchItemFailures.length;
    // The reason of each record left for redelivery, by message id: SQS keeps the id in the DLQ.
    processor.failureMessages.forEach((record, index) => {
      logger.warn('mention left for redelivery', {
        messageId: (record as SQSRecord).messageId,
        reason: processor.errors[index]?.message,
      });
    });
    // Received, not only new: the no-mentions alarm watches this one (docs/runbook.md).
    metrics.addMetric('MentionsReceived', MetricUnit.Count, event.Records.length);
    const duplicates = event.Records.length - fresh.size - failed;
    // The others only when there are some: a custom metric is billed for every hour it is published, zeros included.
    if (fresh.size) metrics.addMetric('MentionsStored', MetricUnit.Count, fresh.size);
    if (duplicates) metrics.addMetric('MentionsDuplicate', MetricUnit.Count, duplicates);
    if (failed) logger.warn('mentions left for redelivery', { failed, received: event.Records.length });
    return response;
  }, deps);
}

/** Parses every record; the upstream tool's label wins, the rest are labeled in one engine call. */
async function labelMentions(
  deps: RecordMentionsDependencies,
  records: readonly SQSRecord[],
): Promise<Map<string, LabeledMention>> {
  const mentions = new Map<string, Mention>();
  for (const record of records) {
    try {
      mentions.set(record.messageId, detailOfQueuedEvent(record, mentionSchema));
    } catch {
      // left out: the record handler reports it as failed, so it ends in the DLQ after its retries
    }
  }
  const unlabeled = [...mentions.values()].filter((mention) => !mention.sentiment);
  const results = await deps.sentiment.analyzeBatch(
    unlabeled.map((mention) => ({ id: mention.id, text: mention.text, lang: mention.lang })),
  );
  const labeled = new Map<string, LabeledMention>();
  for (const [messageId, mention] of mentions) {
    const result = mention.sentiment ? undefined : results.get(mention.id);
    labeled.set(messageId, {
      ...mention,
      lang: mention.lang ?? result?.lang,
      label: mention.sentiment ?? result?.label ?? 'neutral',
      score: result?.score ?? { negative: -1, neutral: 0, positive: 1 }[mention.sentiment ?? 'neutral'],
      labelSource: mention.sentiment ? 'upstream' : deps.sentimentSource,
    });
  }
  return labeled;
}
