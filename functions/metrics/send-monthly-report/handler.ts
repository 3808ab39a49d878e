import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoAlertStore } from '../../../shared/adapters/alert-store.ts';
import { documentClient } from '../../../shared/adapters/dynamodb.ts';
import { SesMailer } from '../../../shared/adapters/mailer.ts';
import { DynamoOnceStore } from '../../../shared/adapters/once-store.ts';
import { DynamoPostMetricsStore } from '../../../shared/adapters/post-metrics-store.ts';
import { DynamoRollupStore } from '../../../shared/adapters/rollup-store.ts';
import { clientConfigFromEnvironment, requiredEnv } from '../../../shared/runtime/environment.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { createHandler } from './app.ts';

const table = { client: documentClient(), tableName: requiredEnv('TABLE_NAME') };

export const handler = createHandler({
  ...observability('sendMonthlyReport'),
  config: clientConfigFromEnvironment(),
  rollupStore: new DynamoRollupStore(table),
  postMetricsStore: new DynamoPostMetricsStore(table),
  alertStore: new DynamoAlertStore(table),
  onceStore: new DynamoOnceStore(table),
  mailer: new SesMailer(new SESv2Client({})),
});
