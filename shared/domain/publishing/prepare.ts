import type { Network } from '../../config/client-config.ts';
import type { Publication } from './publication.ts';
import type { PublishRequest } from './publisher.ts';
import { tagLinks, validateForNetwork } from './validation.ts';

/**
 * What the publish function sends for one network of a publication: the network's variant (or the
 * base text), links UTM-tagged in the text and the list, validated for the network. The
 * idempotency key names the publication, the network and the attempt window (a number the queue
 * increases only when it deliberately sends anew, e.g. after a failure the team retried), so every
 * retry of one window — in process, a Lambda retry, a duplicate schedule — carries the same key.
 */
export type PreparedSend =
  | { ok: true; request: Omit<PublishRequest, 'attempt'> }
  | { ok: false; problems: string[] };

export function idempotencyKey(publicationId: string, network: Network, attemptWindow: number): string {
  return `${publicationId}:${network}:${attemptWindow}`;
}

export function prepareSend(publication: Publication, network: Network, attemptWindow = 1): PreparedSend {
  const tagged = tagLinks(publication.variants[network] ?? publication.text, publication.links, {
    network,
    campaign: publication.campaign,
    pillar: publication.pillar,
  });
  const content = { text: tagged.text, media: publication.media, links: tagged.links };
  const validation = validateForNetwork(network, content);
  if (!validation.ok) return validation;
  return {
    ok: true,
    request: {
      publicationId: publication.publicationId,
      network,
      ...content,
      idempotencyKey: idempotencyKey(publication.publicationId, network, attemptWindow),
    },
  };
}
