import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { SnapshotStore } from '../../../shared/adapters/snapshot-store.ts';
import type { ClientConfig } from '../../../shared/config/client-config.ts';
import { localHour } from '../../../shared/domain/metrics/periods.ts';
import { events } from '../../../shared/events/catalog.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';
import { detailOfQueuedEvent } from '../../../shared/runtime/sqs-events.ts';

export interface RecordMetricsDependencies extends Observability {
  config: ClientConfig;
  snapshotStore: SnapshotStore;
}

/**
 * metrics.snapshot.received and account.snapshot.received (buffered by SQS) → stored once, the
 * post or account marked for the next rollup from the local hour of the snapshot; invalid records
 * go to the DLQ.
 */
export function createHandler(deps: RecordMetricsDependencies): Handler<SQSEvent, SQSBatchResponse> {
  const { snapshotStore, metrics, config } = deps;
  const timeZone = config.client.timeZone;
  return withObservability(async (event, context) => {
    let stored = 0;
    const response = await processPartialResponse(
      event,
      async (record: SQSRecord) => {
        const detailType = (JSON.parse(record.body) as { 'detail-type'?: string })['detail-type'];
        if (detailType === events.accountSnapshotReceived.detailType) {
          const snapshot = detailOfQueuedEvent(record, events.accountSnapshotReceived.schema);
          if ((await snapshotStore.saveAccount(snapshot, localHour(snapshot.at, timeZone))) === 'new')
            stored += 1;
          return;
        }
        const snapshot = detailOfQueuedEvent(record, events.metricsSnapshotReceived.schema);
        if ((await snapshotStore.save(snapshot, localHour(snapshot.at, timeZone))) === 'new') stored += 1;
      },
      new BatchProcessor(EventType.SQS),
      { context, throwOnFullBatchFailure: false },
    );
    // Only when there is something: a custom metric is billed for every hour it is published, zeros included.
    if (stored) metrics.addMetric('SnapshotsStored', MetricUnit.Count, stored);
    return response;
  }, deps);
}
