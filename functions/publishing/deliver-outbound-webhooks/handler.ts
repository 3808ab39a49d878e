import { SecretsManagerSigningSecrets } from '../../../shared/adapters/signing-secrets.ts';
import { clientConfigFromEnvironment } from '../../../shared/runtime/environment.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { createHandler } from './app.ts';

export const handler = createHandler({
  ...observability('deliverOutboundWebhooks'),
  config: clientConfigFromEnvironment(),
  outboundWebhookSecrets: new SecretsManagerSigningSecrets(),
});
