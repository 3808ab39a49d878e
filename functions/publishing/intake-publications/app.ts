import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { EventBridgeEvent } from 'aws-lambda';
import { type PublicationQueuePorts, publicationQueueOf } from '../../../shared/domain/publishing/queue.ts';
import {
  publicationInputSchema,
  publicationPatchSchema,
} from '../../../shared/domain/publishing/requests.ts';
import { events } from '../../../shared/events/catalog.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';

export interface IntakePublicationsDependencies extends Observability, PublicationQueuePorts {}

type BusEvent = EventBridgeEvent<string, unknown>;

export type IntakeResult =
  | 'created'
  | 'exists'
  | 'duplicate'
  | 'changed'
  | 'not-found'
  | 'refused'
  | 'ignored';

/**
 * Publication requests, updates and cancellations from the webhook sources (a calendar, Zapier,
 * a scheduling tool), and the outcomes the tools report later: all go through the same queue as
 * the HTTP API. A request the queue refuses (past time, unknown network, no free slot) cannot get a
 * 400 (the sender was answered already): it is logged with its reason and counted.
 */
export function createHandler(deps: IntakePublicationsDependencies): Handler<BusEvent, IntakeResult> {
  const { logger, metrics } = deps;
  const queue = publicationQueueOf(deps);

  const refused = (detailType: string, publicationId: string | undefined, reason: string): IntakeResult => {
    metrics.addMetric('PublicationRequestsRefused', MetricUnit.Count, 1);
    logger.error('publication request refused', { detailType, publicationId, reason });
    return 'refused';
  };

  return withObservability(
    async (event) => {
      const detailType = event['detail-type'];
      switch (detailType) {
        case events.publicationRequested.detailType: {
          const { at, author, ...detail } = events.publicationRequested.schema.parse(event.detail);
          const input = publicationInputSchema.safeParse({ ...detail, author });
          if (!input.success) {
            return refused(
              detailType,
              detail.publicationId,
              input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
            );
          }
          const result = await queue.create(input.data, { actor: author ?? 'webhook', via: 'webhook' });
          if (result.kind === 'refused')
            return refused(detailType, detail.publicationId, `${result.field}: ${result.reason}`);
          if (result.kind === 'duplicate') {
            metrics.addMetric('PublicationDuplicates', MetricUnit.Count, 1);
            logger.warn('duplicate publication not queued', {
              publicationId: detail.publicationId,
              duplicates: result.duplicates,
            });
          }
          return result.kind;
        }
        case events.publicationUpdated.detailType: {
          const { publicationId, at, author, toolRef, ...detail } = events.publicationUpdated.schema.parse(
            event.detail,
          );
          const patch = publicationPatchSchema.safeParse(detail);
          if (!patch.success) {
            return refused(
              detailType,
              publicationId,
              patch.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
            );
          }
          const result = await queue.update(publicationId, patch.data, {
            actor: author ?? 'webhook',
            via: 'webhook',
          });
          if (result.kind === 'refused') return refused(detailType, publicationId, result.reason);
          return result.kind === 'changed' || result.kind === 'not-found' ? result.kind : 'changed';
        }
        case events.publicationCancelled.detailType: {
          const { publicationId, reason } = events.publicationCancelled.schema.parse(event.detail);
          const result = await queue.cancel(publicationId, { actor: 'webhook', via: 'webhook' }, reason);
          if (result.kind === 'refused') return refused(detailType, publicationId, result.reason);
          return result.kind;
        }
        case events.publicationOutcomeReported.detailType: {
          const detail = events.publicationOutcomeReported.schema.parse(event.detail);
          const result = await queue.recordReported(detail);
          if (result.kind === 'not-found') {
            logger.info('outcome reported for a post Vigie does not know', {
              tool: detail.tool,
              toolPostId: detail.toolPostId,
            });
            return 'ignored';
          }
          if (result.kind === 'refused')
            return refused(detailType, result.publication.publicationId, result.reason);
          return result.kind;
        }
        default:
          throw new Error(`not a publication event: ${detailType}`);
      }
    },
    deps,
    (event) => event.id,
  );
}
