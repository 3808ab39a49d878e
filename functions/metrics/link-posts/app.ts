import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { EventBridgeEvent } from 'aws-lambda';
import type { PostLinks } from '../../../shared/adapters/post-links.ts';
import { dirtySource, FROM_START, type SnapshotStore } from '../../../shared/adapters/snapshot-store.ts';
import type { Network } from '../../../shared/config/client-config.ts';
import { type PostLink, postSource } from '../../../shared/domain/metrics/rollup.ts';
import { events } from '../../../shared/events/catalog.ts';
import {
  type Handler,
  type Observability,
  withObservability,
} from '../../../shared/runtime/observability.ts';

export interface LinkPostsDependencies extends Observability {
  postLinks: PostLinks;
  snapshotStore: SnapshotStore;
}

type LinkEvent = EventBridgeEvent<string, unknown>;

/** The network post behind an event, and what Vigie knows of it; none when the event links nothing. */
function linkOf(event: LinkEvent): { network: Network; postId: string; link: PostLink } | undefined {
  if (event['detail-type'] === events.publicationPublished.detailType) {
    const detail = events.publicationPublished.schema.parse(event.detail);
    return {
      network: detail.network,
      postId: detail.externalId,
      link: {
        publicationId: detail.publicationId,
        pillar: detail.pillar,
        campaign: detail.campaign,
        format: detail.format,
        publishedAt: detail.at,
      },
    };
  }
  const detail = events.publicationOutcomeReported.schema.parse(event.detail);
  if (detail.status !== 'published' || !detail.externalId || !detail.network) return undefined;
  return {
    network: detail.network,
    postId: detail.externalId,
    link: {
      publicationId: detail.publicationId,
      pillar: detail.pillar,
      campaign: detail.campaign,
      format: detail.format,
      publishedAt: detail.at,
    },
  };
}

/**
 * publication.published and publication.outcome.reported (published, with the network's post id)
 * → the post link (pillar, campaign, format, publication time), and the post marked so the next
 * rollup recomputes it whole. Idempotent: the same event twice writes the same link.
 */
export function createHandler(deps: LinkPostsDependencies): Handler<LinkEvent, { linked: boolean }> {
  return withObservability(
    async (event) => {
      const found = linkOf(event);
      if (!found) return { linked: false };
      const link = Object.fromEntries(Object.entries(found.link).filter(([, value]) => value !== undefined));
      await deps.postLinks.put(found.network, found.postId, link);
      await deps.snapshotStore.markDirty(dirtySource(postSource(found.network, found.postId), FROM_START));
      deps.metrics.addMetric('PostsLinked', MetricUnit.Count, 1);
      return { linked: true };
    },
    deps,
    (event) => event.id,
  );
}
