import { eventBridgePublisher } from '../../../shared/adapters/event-publisher.ts';
import { ParameterStoreNetworkTokens } from '../../../shared/adapters/network-tokens.ts';
import { accessCheckersFromConfig } from '../../../shared/adapters/publishers/access.ts';
import { ParameterStoreSigningSecrets } from '../../../shared/adapters/signing-secrets.ts';
import { clientConfigFromEnvironment, requiredEnv } from '../../../shared/runtime/environment.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { createHandler } from './app.ts';

const config = clientConfigFromEnvironment();

export const handler = createHandler({
  ...observability('checkAccountAccess'),
  // Only the tokens are read; the signing secrets are part of the publishers' dependencies, unused here.
  accessCheckers: accessCheckersFromConfig(config, {
    tokens: ParameterStoreNetworkTokens.throughExtension(config),
    signingSecrets: ParameterStoreSigningSecrets.throughExtension(),
  }),
  publisher: eventBridgePublisher(requiredEnv('EVENT_BUS_NAME')),
});
