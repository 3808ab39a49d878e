import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { BlockPublicAccess, Bucket, BucketEncryption, StorageClass } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { tableDefinition } from '../../shared/data/table.ts';
import { acknowledgeNag } from './nag.ts';

/** What every capability shares: the single table, the event bus (with its archive), the link-signing key. */
export class Core extends Construct {
  readonly table: TableV2;
  readonly bus: EventBus;
  /** Signs the links in emails (acknowledge an incident); generated at deploy, never leaves AWS. */
  readonly linkSigningKey: Secret;
  /** Raw accepted webhook bodies, so events can be re-derived after a fix (`vigie reingest`). */
  readonly rawArchive: Bucket;
  /** The client's key for the read API (`Authorization: Bearer <key>`); generated, rotated by hand. */
  readonly apiKey: Secret;

  constructor(scope: Construct, id: string, props: { clientName: string; retentionDays: number }) {
    super(scope, id);
    const s = AttributeType.STRING;
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: tableDefinition.partitionKey, type: s },
      sortKey: { name: tableDefinition.sortKey, type: s },
      billing: Billing.onDemand(),
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: TableEncryptionV2.awsManagedKey(),
      globalSecondaryIndexes: tableDefinition.indexes.length
        ? tableDefinition.indexes.map((index) => ({
            indexName: index.indexName,
            partitionKey: { name: index.partitionKey, type: s },
            sortKey: { name: index.sortKey, type: s },
          }))
        : undefined,
    });

    // These two stay in Secrets Manager (0.40 USD a month each) while the secrets the client file names
    // are free Parameter Store SecureStrings: they must be generated at deploy time, and CloudFormation
    // can generate a Secrets Manager secret but cannot create a SecureString parameter at all.
    this.linkSigningKey = new Secret(this, 'LinkSigningKey', {
      description: 'Vigie: HMAC key of the signed links in alert emails',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });

    this.apiKey = new Secret(this, 'ApiKey', {
      description: 'Vigie: the client’s key for the read API (Authorization: Bearer <key>)',
      generateSecretString: { passwordLength: 40, excludePunctuation: true },
    });

    for (const secret of [this.linkSigningKey, this.apiKey]) {
      acknowledgeNag(
        secret,
        'SMG4',
        'rotated by hand (docs/runbook.md): rotating it invalidates links or keys in use',
      );
    }

    this.rawArchive = new Bucket(this, 'RawArchive', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          transitions: [
            { storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(30) },
          ],
          // Mention texts are personal data: the raw copies go with the client's retention (+ a margin for reingest).
          expiration: Duration.days(props.retentionDays + 30),
        },
      ],
    });
    acknowledgeNag(
      this.rawArchive,
      'S1',
      'read only by vigie reingest; S3 data events in CloudTrail are the audit trail if a client wants one',
    );

    this.bus = new EventBus(this, 'Bus', { eventBusName: `vigie-${props.clientName}` });
    // Every event is archived, so a bug fix can be followed by a replay of what the bus carried.
    this.bus.archive('Archive', {
      archiveName: `vigie-${props.clientName}`,
      description: 'All Vigie domain events, for replay after a fix',
      eventPattern: { account: [Stack.of(this).account] },
      retention: Duration.days(90),
    });
  }
}
