import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ScheduledEvent } from 'aws-lambda';
import { type PublicationQueuePorts, publicationQueueOf } from '../../../shared/domain/publishing/queue.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';

export interface FinishPublicationChangesDependencies extends Observability, PublicationQueuePorts {}

/**
 * How long a change may stay unfinished before the sweep finishes it: longer than any publishing
 * function runs (publishPublication: at most 120 s), so that the sweep does not race a change still
 * under way.
 */
export const UNFINISHED_GRACE_MS = 5 * 60_000;

/**
 * Every 5 minutes: finishes the publication changes whose effects may not all have happened (the
 * function that saved them died, or the scheduler or the bus refused and nobody retried), so that
 * a saved publication always gets its schedules and its events.
 */
export function createHandler(
  deps: FinishPublicationChangesDependencies,
): Handler<ScheduledEvent, { finished: number }> {
  const queue = publicationQueueOf(deps);
  return withObservability(async () => {
    const finished = await queue.finishUnfinishedChanges(UNFINISHED_GRACE_MS);
    if (finished) {
      // Each one is a failure that was repaired: worth a look at the log of the function that made it.
      deps.logger.warn('unfinished publication changes finished', { finished });
      deps.metrics.addMetric('PublicationChangesFinished', MetricUnit.Count, finished);
    }
    return { finished };
  }, deps);
}
