import { S3Client } from '@aws-sdk/client-s3';
import {
  type AuthorDataItem,
  type AuthorDataStore,
  DynamoAuthorData,
  FolderArchiveAuthorData,
  S3ArchiveAuthorData,
} from '../../adapters/author-data.ts';
import { documentClient } from '../../adapters/dynamodb.ts';
import { loadClientConfig, networkSchema } from '../../config/client-config.ts';
import { startLocalDynamo } from '../../local/dynamo.ts';
import { dataFolders } from '../../local/local-stack.ts';

export interface ForgetOptions {
  author: string;
  network: string;
  client: string;
  data: string;
  dryRun: boolean;
  /** AWS: the table's name (Core/Table in the stack's resources), with the SDK's default credentials. */
  table?: string;
  region?: string;
  /** AWS: the raw archive bucket (Core/RawArchive), searched too when given. */
  archiveBucket?: string;
}

/**
 * `vigie forget`: erases what Vigie keeps about one author of one network (a GDPR erasure request):
 * their mentions in the table (by author, day by day over the retention window) and the archived raw deliveries that
 * name them. `--dry-run` lists without erasing. Locally on `--data` (stop `vigie start` first); in
 * AWS with `--table` (and `--archive-bucket`), the same code against the real resources.
 */
export async function runForget(
  options: ForgetOptions,
  log: (line: string) => void = console.log,
): Promise<{ found: AuthorDataItem[]; erased: number }> {
  const network = networkSchema.parse(options.network);
  const config = loadClientConfig(options.client);
  const keepDays = config.crisis.retentionDays + 30;
  const stores: AuthorDataStore[] = [];
  let close: () => Promise<void> = async () => undefined;
  if (options.table) {
    stores.push(
      new DynamoAuthorData(
        { client: documentClient({ region: options.region }), tableName: options.table },
        config.crisis.retentionDays,
      ),
    );
    if (options.archiveBucket) {
      stores.push(
        new S3ArchiveAuthorData(new S3Client({ region: options.region }), options.archiveBucket, keepDays),
      );
    } else {
      log('(raw archive not searched: give --archive-bucket; its copies expire after retention + 30 days)');
    }
  } else {
    const folders = dataFolders(options.data);
    const dynamo = await startLocalDynamo({ path: folders.dynamoPath });
    close = dynamo.close;
    stores.push(
      new DynamoAuthorData(dynamo.table, config.crisis.retentionDays),
      new FolderArchiveAuthorData(folders.archiveDir, keepDays),
    );
  }
  try {
    const found = (await Promise.all(stores.map((store) => store.find(network, options.author)))).flat();
    for (const item of found) log(`${item.where}\t${item.key}${item.at ? `\t${item.at}` : ''}`);
    if (options.dryRun) {
      log(
        `${found.length} item(s) about ${options.author} on ${network} would be erased (dry run: nothing erased)`,
      );
      return { found, erased: 0 };
    }
    let erased = 0;
    for (const store of stores) erased += await store.erase(found);
    log(`${erased} item(s) about ${options.author} on ${network} erased`);
    return { found, erased };
  } finally {
    await close();
  }
}
