import { createHash } from 'node:crypto';
import type { Network } from '../../config/client-config.ts';
import type { Publication } from './publication.ts';
import type { MediaRef, PublishRequest } from './publisher.ts';
import { textFor } from './requests.ts';

/** What goes to one network, as the reviewers see it and as the publisher sends it. */
export interface NetworkContent {
  text: string;
  media: readonly MediaRef[];
  links: readonly string[];
}

export function contentFor(publication: Publication, network: Network): NetworkContent {
  return { text: textFor(publication, network), media: publication.media, links: publication.links };
}

/**
 * Same for every retry of one send window of (publication, network), new for the next window:
 * a receiver that honours it never posts twice. Hashed: ids may be long, keys travel in headers.
 */
export function idempotencyKeyOf(publicationId: string, network: Network, window: number): string {
  const id = createHash('sha256').update(publicationId).digest('hex').slice(0, 24);
  return `vigie-${id}-${network}-${window}`;
}

export function publishRequestOf(
  publication: Publication,
  network: Network,
  window: number,
): Omit<PublishRequest, 'attempt'> {
  return {
    publicationId: publication.publicationId,
    network,
    ...contentFor(publication, network),
    idempotencyKey: idempotencyKeyOf(publication.publicationId, network, window),
  };
}
