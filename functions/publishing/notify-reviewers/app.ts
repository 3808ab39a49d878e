import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { EventBridgeEvent } from 'aws-lambda';
import type { AlertStore } from '../../../shared/adapters/alert-store.ts';
import type { Mailer } from '../../../shared/adapters/mailer.ts';
import type { ClientConfig } from '../../../shared/config/client-config.ts';
import type { Alert } from '../../../shared/domain/alerts/alerts.ts';
import type { RenderedEmail } from '../../../shared/domain/alerts/email.ts';
import { buildMime } from '../../../shared/domain/alerts/mime.ts';
import type { PublicationStore } from '../../../shared/domain/publishing/ports.ts';
import { renderReviewClosed, renderReviewRequest } from '../../../shared/domain/publishing/review-email.ts';
import { reviewUrl } from '../../../shared/domain/publishing/review-links.ts';
import { events } from '../../../shared/events/catalog.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';

export interface NotifyReviewersDependencies extends Observability {
  config: ClientConfig;
  publicationStore: PublicationStore;
  alertStore: AlertStore;
  mailer: Mailer;
  /** Where signed links in emails point to, and the key that signs them. */
  links: { apiUrl: string; signingKey: () => Promise<string> };
}

type BusEvent = EventBridgeEvent<string, unknown>;

/**
 * The approval emails, through the alert path (claimed in the table first: an event delivered
 * twice sends each email once): one per reviewer with their own signed links, and a note to the
 * team when a request lapsed or was rejected.
 */
export function createHandler(deps: NotifyReviewersDependencies): Handler<BusEvent, { sent: number }> {
  const { config, publicationStore: store, alertStore, mailer, logger, metrics } = deps;

  async function sendOnce(
    key: string,
    at: string,
    to: readonly string[],
    rendered: RenderedEmail,
  ): Promise<number> {
    const alert: Alert = { kind: 'publication.review', key, at, fields: { to } };
    if ((await alertStore.claim(alert)) === 'already-sent') return 0;
    await mailer.send({
      from: config.alerts.sender,
      to,
      subject: rendered.subject,
      raw: buildMime({ from: config.alerts.sender, to, ...rendered, date: new Date(at), messageKey: key }),
    });
    await alertStore.markSent(alert);
    metrics.addMetric('ReviewEmailsSent', MetricUnit.Count, 1);
    return 1;
  }

  return withObservability(
    async (event) => {
      switch (event['detail-type']) {
        case events.publicationReviewRequested.detailType: {
          const detail = events.publicationReviewRequested.schema.parse(event.detail);
          const publication = await store.get(detail.publicationId);
          // A newer version has its own request: this one is superseded.
          if (!publication || publication.version !== detail.version || publication.state !== 'in_review') {
            logger.info('review request superseded', {
              publicationId: detail.publicationId,
              version: detail.version,
            });
            return { sent: 0 };
          }
          const key = await deps.links.signingKey();
          let sent = 0;
          for (const reviewer of detail.reviewers) {
            const link = {
              publicationId: publication.publicationId,
              version: publication.version,
              reviewer,
              expiresAt: detail.expiresAt,
            };
            const rendered = renderReviewRequest(publication, config, {
              approveUrl: reviewUrl(deps.links.apiUrl, { ...link, decision: 'approve' }, key),
              rejectUrl: reviewUrl(deps.links.apiUrl, { ...link, decision: 'reject' }, key),
              reminder: detail.reminder ?? false,
            });
            const kind = detail.reminder ? 'reminder' : 'request';
            sent += await sendOnce(
              `publication.review#${publication.publicationId}#${publication.version}#${kind}#${reviewer.toLowerCase()}`,
              detail.at,
              [reviewer],
              rendered,
            );
          }
          return { sent };
        }
        case events.publicationReviewExpired.detailType:
        case events.publicationReviewRejected.detailType: {
          const expired = event['detail-type'] === events.publicationReviewExpired.detailType;
          const detail = expired
            ? { ...events.publicationReviewExpired.schema.parse(event.detail), kind: 'expired' as const }
            : { ...events.publicationReviewRejected.schema.parse(event.detail), kind: 'rejected' as const };
          const publication = await store.get(detail.publicationId);
          if (!publication) return { sent: 0 };
          const rendered = renderReviewClosed(publication, config, detail);
          return {
            sent: await sendOnce(
              `publication.review#${detail.publicationId}#${detail.kind}#${detail.at}`,
              detail.at,
              config.alerts.recipients,
              rendered,
            ),
          };
        }
        default:
          throw new Error(`not a review event: ${event['detail-type']}`);
      }
    },
    deps,
    (event) => event.id,
  );
}
