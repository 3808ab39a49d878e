import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { SnapshotStore } from '../../../shared/adapters/snapshot-store.ts';
import { metricsSnapshotSchema } from '../../../shared/events/catalog.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';
import { detailOfQueuedEvent } from '../../../shared/runtime/sqs-events.ts';

export interface RecordMetricsDependencies extends Observability {
  snapshotStore: SnapshotStore;
}

/** metrics.snapshot.received (buffered by SQS) → stored once; invalid records go to the DLQ. */
export function createHandler(deps: RecordMetricsDependencies): Handler<SQSEvent, SQSBatchResponse> {
  const { snapshotStore, metrics } = deps;
  return withObservability(async (event, context) => {
    let stored = 0;
    const response = await processPartialResponse(
      event,
      async (record: SQSRecord) => {
        const outcome = await snapshotStore.save(detailOfQueuedEvent(record, metricsSnapshotSchema));
        if (outcome === 'new') stored += 1;
      },
      new BatchProcessor(EventType.SQS),
      { context, throwOnFullBatchFailure: false },
    );
    metrics.addMetric('SnapshotsStored', MetricUnit.Count, stored);
    return response;
  }, deps);
}
