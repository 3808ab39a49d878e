import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoAlertStore } from '../../../shared/adapters/alert-store.ts';
import { documentClient } from '../../../shared/adapters/dynamodb.ts';
import { SesMailer } from '../../../shared/adapters/mailer.ts';
import { DynamoMentionStore } from '../../../shared/adapters/mention-store.ts';
import { DynamoOnceStore } from '../../../shared/adapters/once-store.ts';
import { RecomputedPosts, RecomputedRollups } from '../../../shared/adapters/recomputed-rollups.ts';
import { DynamoSnapshotStore } from '../../../shared/adapters/snapshot-store.ts';
import { clientConfigFromEnvironment, requiredEnv } from '../../../shared/runtime/environment.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { createHandler } from './app.ts';

const config = clientConfigFromEnvironment();
const table = { client: documentClient(), tableName: requiredEnv('TABLE_NAME') };
const snapshots = new DynamoSnapshotStore(table);
const mentions = new DynamoMentionStore(table, {
  retentionDays: config.crisis.retentionDays,
  orphanAfterMs: 0,
});

export const handler = createHandler({
  ...observability('sendMonthlyReport'),
  config,
  rollupStore: new RecomputedRollups(snapshots, mentions, config.client.timeZone),
  postMetricsStore: new RecomputedPosts(snapshots, config.client.timeZone),
  alertStore: new DynamoAlertStore(table),
  onceStore: new DynamoOnceStore(table),
  mailer: new SesMailer(new SESv2Client({})),
});
