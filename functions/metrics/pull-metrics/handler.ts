import { eventBridgePublisher } from '../../../shared/adapters/event-publisher.ts';
import { InstagramGraphPuller } from '../../../shared/adapters/metrics-puller.ts';
import { ParameterStoreNetworkTokens } from '../../../shared/adapters/network-tokens.ts';
import { clientConfigFromEnvironment, requiredEnv } from '../../../shared/runtime/environment.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { createHandler } from './app.ts';

const config = clientConfigFromEnvironment();

export const handler = createHandler({
  ...observability('pullMetrics'),
  config,
  networkTokens: ParameterStoreNetworkTokens.throughExtension(config),
  publisher: eventBridgePublisher(requiredEnv('EVENT_BUS_NAME')),
  metricsPullers: [new InstagramGraphPuller()],
});
