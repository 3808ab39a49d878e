import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ScheduledEvent } from 'aws-lambda';
import type { EventPublisher } from '../../../shared/adapters/event-publisher.ts';
import type { AccessChecker } from '../../../shared/adapters/publishers/access.ts';
import { domainEvent } from '../../../shared/events/catalog.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';

export interface CheckAccountAccessDependencies extends Observability {
  accessCheckers: readonly AccessChecker[];
  publisher: EventPublisher;
  now?: () => Date;
}

/**
 * Scheduled: one cheap read per natively published account. A token the network refuses becomes
 * `account.access.lost` (emailed by sendAlertEmail, once per account and day) before a slot fails on it;
 * a network that cannot be reached tells nothing and is checked again at the next run.
 */
export function createHandler(deps: CheckAccountAccessDependencies): Handler<ScheduledEvent, number> {
  const { accessCheckers, publisher, logger, metrics } = deps;
  return withObservability(async () => {
    const at = (deps.now?.() ?? new Date()).toISOString();
    const lost = [];
    for (const checker of accessCheckers) {
      const check = await checker.checkAccess();
      if (check.kind === 'cannot-tell') {
        logger.warn('account access not checked', { network: checker.network, reason: check.reason });
      } else if (check.kind === 'invalid') {
        lost.push(
          domainEvent('accountAccessLost', {
            network: checker.network,
            account: check.account,
            reason: check.reason,
            at,
          }),
        );
      }
    }
    if (lost.length) {
      await publisher.publish(lost);
      metrics.addMetric('AccountsToReconnect', MetricUnit.Count, lost.length);
    }
    return lost.length;
  }, deps);
}
