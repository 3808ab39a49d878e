import { ParameterStoreNetworkTokens } from '../../../shared/adapters/network-tokens.ts';
import { publicationQueuePortsFromEnvironment } from '../../../shared/adapters/publication-queue-ports.ts';
import {
  publishersFromConfig,
  publishingQuotaFromConfig,
} from '../../../shared/adapters/publishers/index.ts';
import { ParameterStoreSigningSecrets } from '../../../shared/adapters/signing-secrets.ts';
import { clientConfigFromEnvironment } from '../../../shared/runtime/environment.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { createHandler } from './app.ts';

const config = clientConfigFromEnvironment();
const ports = publicationQueuePortsFromEnvironment(config);
const publisherDeps = {
  tokens: ParameterStoreNetworkTokens.throughExtension(config),
  signingSecrets: ParameterStoreSigningSecrets.throughExtension(),
};

export const handler = createHandler({
  ...observability('publishPublication'),
  ...ports,
  publishers: publishersFromConfig(config, publisherDeps),
  quota: publishingQuotaFromConfig(config, { ...publisherDeps, published: ports.publicationStore }),
});
