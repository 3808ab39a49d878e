import { S3Client } from '@aws-sdk/client-s3';
import { S3RawArchive } from '../../../shared/adapters/raw-archive.ts';
import { requiredEnv } from '../../../shared/runtime/environment.ts';
import { observability, traced } from '../../../shared/runtime/observability.ts';
import { createHandler } from './app.ts';

export const handler = createHandler({
  ...observability('archiveWebhooks'),
  rawArchive: new S3RawArchive(traced(new S3Client({})), requiredEnv('ARCHIVE_BUCKET')),
});
