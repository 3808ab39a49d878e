import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { escapeHtml } from '../../../shared/domain/alerts/email.ts';
import { type PublicationQueuePorts, publicationQueueOf } from '../../../shared/domain/publishing/queue.ts';
import { publicationIdSchema } from '../../../shared/domain/publishing/requests.ts';
import { checkReviewLink } from '../../../shared/domain/publishing/review-links.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';

export interface ReviewPublicationDependencies extends Observability, PublicationQueuePorts {
  /** The current link key (fetched and cached by the adapter). */
  linkSigningKey: () => Promise<string>;
  now?: () => Date;
}

type Result = APIGatewayProxyStructuredResultV2;

/**
 * GET /review/{publicationId}/{approve|reject}?v=&reviewer=&expires=&sig= — the links of the
 * approval email, for reviewers without an account. The link shows a confirmation page first (mail
 * scanners that open links must not approve anything); its button (`confirm=1`, and the comment
 * for a rejection) records the decision as that reviewer.
 */
export function createHandler(deps: ReviewPublicationDependencies): Handler<APIGatewayProxyEventV2, Result> {
  const { config, logger, metrics } = deps;
  const now = () => deps.now?.() ?? new Date();
  const queue = publicationQueueOf(deps);
  const fr = config.client.language === 'fr';
  const page = (statusCode: number, body: string): Result => ({
    statusCode,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body: `<!doctype html><html><body style="font-family:sans-serif;max-width:640px">${body}</body></html>`,
  });
  const message = (statusCode: number, text: string) => page(statusCode, `<p>${escapeHtml(text)}</p>`);

  return withObservability(async (event) => {
    const publicationId = event.pathParameters?.publicationId ?? '';
    const decision = event.pathParameters?.decision ?? '';
    const query = event.queryStringParameters ?? {};
    if (!publicationIdSchema.safeParse(publicationId).success)
      return message(403, fr ? 'Lien invalide.' : 'Invalid link.');
    const check = checkReviewLink(publicationId, decision, query, await deps.linkSigningKey(), now());
    if (!check.ok) {
      logger.warn('review link refused', { publicationId: publicationId.slice(0, 64), reason: check.reason });
      return check.reason === 'expired'
        ? message(410, fr ? 'Ce lien a expiré.' : 'This link has expired.')
        : message(403, fr ? 'Lien invalide.' : 'Invalid link.');
    }
    const { link } = check;
    if (
      !config.publishing.reviewers.some((reviewer) => reviewer.toLowerCase() === link.reviewer.toLowerCase())
    ) {
      return message(
        403,
        fr ? 'Vous ne faites plus partie des relecteurs.' : 'You are no longer a reviewer.',
      );
    }
    const publication = await deps.publicationStore.get(publicationId);
    if (!publication) return message(404, fr ? 'Publication introuvable.' : 'No such publication.');
    if (publication.version !== link.version || publication.state !== 'in_review') {
      return message(
        409,
        fr
          ? 'Cette demande n’est plus d’actualité : la publication a changé ou a déjà été traitée.'
          : 'This request is out of date: the publication changed or was already handled.',
      );
    }
    const comment = (query.comment ?? '').trim().slice(0, 2000);
    if (query.confirm !== '1' || (decision === 'reject' && !comment)) {
      const hidden = ['v', 'reviewer', 'expires', 'sig']
        .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(query[name] ?? '')}">`)
        .join('');
      const approve = decision === 'approve';
      return page(
        200,
        `<h2>${escapeHtml(approve ? (fr ? 'Approuver la publication' : 'Approve the publication') : fr ? 'Refuser la publication' : 'Reject the publication')}</h2>` +
          `<blockquote>${escapeHtml(publication.text)}</blockquote>` +
          `<form method="get">${hidden}<input type="hidden" name="confirm" value="1">` +
          (approve
            ? ''
            : `<p><label>${fr ? 'Commentaire (obligatoire)' : 'Comment (required)'}<br><textarea name="comment" rows="4" cols="60" required></textarea></label></p>`) +
          `<button type="submit">${escapeHtml(approve ? (fr ? 'Approuver' : 'Approve') : fr ? 'Refuser' : 'Reject')}</button></form>`,
      );
    }
    const actor = { actor: link.reviewer, via: 'approval-link' };
    const result =
      decision === 'approve'
        ? await queue.approve(publicationId, actor, link.version)
        : await queue.reject(publicationId, actor, comment, link.version);
    if (result.kind !== 'changed') {
      return message(
        409,
        result.kind === 'refused' ? result.reason : fr ? 'Publication introuvable.' : 'No such publication.',
      );
    }
    metrics.addMetric(
      decision === 'approve' ? 'PublicationsApproved' : 'PublicationsRejected',
      MetricUnit.Count,
      1,
    );
    logger.info('review recorded', { publicationId, decision });
    return message(
      200,
      decision === 'approve'
        ? fr
          ? 'Merci : la publication est approuvée et programmée.'
          : 'Thank you: the publication is approved and scheduled.'
        : fr
          ? 'Merci : la publication est refusée, l’équipe a votre commentaire.'
          : 'Thank you: the publication is rejected, the team has your comment.',
    );
  }, deps);
}
