import type { Network } from '../../config/client-config.ts';
import type { Publication } from './publication.ts';
import type { MediaRef } from './publisher.ts';
import { textFor } from './requests.ts';
import { tagLinks, validateForNetwork } from './validation.ts';

/** What goes to one network, as the reviewers see it (the publish function sends it through `prepareSend`). */
export interface NetworkContent {
  text: string;
  media: readonly MediaRef[];
  links: readonly string[];
  /** What the network would refuse (length, media…): the reviewers see it before approving. */
  problems: string[];
}

export function contentFor(publication: Publication, network: Network): NetworkContent {
  const tagged = tagLinks(textFor(publication, network), publication.links, {
    network,
    campaign: publication.campaign,
    pillar: publication.pillar,
  });
  const content = { text: tagged.text, media: publication.media, links: tagged.links };
  const validation = validateForNetwork(network, content);
  return { ...content, problems: validation.ok ? [] : validation.problems };
}
