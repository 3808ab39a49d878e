import { S3Client } from '@aws-sdk/client-s3';
import { S3RawArchive } from '../../../shared/adapters/raw-archive.ts';
import { observability, traced } from '../../../shared/runtime/observability.ts';
// Not environment.ts: that module validates the client configuration, with zod (~96 KB here).
import { requiredEnv } from '../../../shared/runtime/required-env.ts';
import { createHandler } from './app.ts';

export const handler = createHandler({
  ...observability('archiveWebhooks'),
  rawArchive: new S3RawArchive(traced(new S3Client({})), requiredEnv('ARCHIVE_BUCKET')),
});
