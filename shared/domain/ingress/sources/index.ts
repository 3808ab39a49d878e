import type { WebhookSource } from '../../../config/client-config.ts';
import type { WebhookSourceAdapter } from '../webhook.ts';
import { agorapulseSource } from './agorapulse.ts';
import { hootsuiteSource } from './hootsuite.ts';
import { linkedinSource } from './linkedin.ts';
import { metaSource } from './meta.ts';
import { mixpostSource } from './mixpost.ts';
import { postizSource } from './postiz.ts';
import { standardSource } from './standard.ts';
import { tiktokSource } from './tiktok.ts';
import { xSource } from './x.ts';

/** The senders Vigie understands. A source also has to be enabled in the client config. */
export const webhookSources: Record<WebhookSource, WebhookSourceAdapter> = {
  standard: standardSource as WebhookSourceAdapter,
  meta: metaSource as WebhookSourceAdapter,
  x: xSource as WebhookSourceAdapter,
  linkedin: linkedinSource as WebhookSourceAdapter,
  tiktok: tiktokSource as WebhookSourceAdapter,
  hootsuite: hootsuiteSource as WebhookSourceAdapter,
  mixpost: mixpostSource as WebhookSourceAdapter,
  postiz: postizSource as WebhookSourceAdapter,
  agorapulse: agorapulseSource as WebhookSourceAdapter,
};
