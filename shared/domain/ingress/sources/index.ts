import type { WebhookSource } from '../../../config/client-config.ts';
import type { WebhookSourceAdapter } from '../webhook.ts';
import { metaSource } from './meta.ts';
import { standardSource } from './standard.ts';
import { xSource } from './x.ts';

/** The senders Vigie understands today. A source also has to be enabled in the client config. */
export const webhookSources: Partial<Record<WebhookSource, WebhookSourceAdapter>> = {
  standard: standardSource as WebhookSourceAdapter,
  meta: metaSource as WebhookSourceAdapter,
  x: xSource as WebhookSourceAdapter,
};
