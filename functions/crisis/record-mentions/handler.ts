import { ComprehendClient } from '@aws-sdk/client-comprehend';
import { comprehendSentimentEngine } from '../../../shared/adapters/comprehend-sentiment.ts';
import { documentClient } from '../../../shared/adapters/dynamodb.ts';
import { DynamoMentionStore } from '../../../shared/adapters/mention-store.ts';
import { clientConfigFromEnvironment, requiredEnv } from '../../../shared/runtime/environment.ts';
import { observability, traced } from '../../../shared/runtime/observability.ts';
import { builtinSentimentEngine } from '../../../shared/sentiment/index.ts';
import { createHandler } from './app.ts';

const config = clientConfigFromEnvironment();
const engine = config.sentiment.engine;

export const handler = createHandler({
  ...observability('recordMentions'),
  mentionStore: new DynamoMentionStore(
    { client: documentClient(), tableName: requiredEnv('TABLE_NAME') },
    { retentionDays: config.crisis.retentionDays, orphanAfterMs: Number(requiredEnv('ORPHAN_AFTER_MS')) },
  ),
  sentiment:
    engine === 'comprehend'
      ? comprehendSentimentEngine(traced(new ComprehendClient({})))
      : builtinSentimentEngine,
  sentimentSource: engine,
});
