import { publicationQueuePortsFromEnvironment } from '../../../shared/adapters/publication-queue-ports.ts';
import { clientConfigFromEnvironment } from '../../../shared/runtime/environment.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { createHandler } from './app.ts';

export const handler = createHandler({
  ...observability('publicationsApi'),
  ...publicationQueuePortsFromEnvironment(clientConfigFromEnvironment()),
});
