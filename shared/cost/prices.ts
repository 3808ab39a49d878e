/**
 * The AWS list prices the cost model uses, in one place. On 2026-12-01 the stored copies of the
 * pricing pages confirmed Lambda (requests, arm64 GB-s, free tier), DynamoDB on-demand (WRU, RRU,
 * storage), CloudWatch (logs ingestion, free tier) and the HTTP API; the other figures (EventBridge,
 * Scheduler, SQS, SES, CloudWatch alarms, dashboards and metrics, X-Ray, Secrets Manager, Parameter
 * Store, KMS, S3) are
 * AWS's long-standing published list prices, not re-read that day. All are US East (N. Virginia):
 * the Paris (eu-west-3) and Ireland (eu-west-1) rates sit behind the pages' region selector, which
 * could not be read: expect a few percent to ~15 % more in Europe on DynamoDB, CloudWatch Logs and
 * S3. Update the figures, `region` and `readOn` together.
 */
export const prices = {
  region: 'us-east-1 (list prices; Paris not read, see above)',
  readOn: '2026-12-01',
  currency: 'USD',
  lambda: {
    perMillionRequests: 0.2,
    /** Arm (Graviton), first 7.5 billion GB-s a month. */
    perGbSecondArm: 0.0000133334,
  },
  dynamodb: {
    /** On-demand, Standard table class (prices halved in November 2024). */
    perMillionWriteUnits: 0.625,
    perMillionReadUnits: 0.125,
    perGbMonthStorage: 0.25,
    /** Continuous backups (point-in-time recovery), per GB-month of table size. */
    perGbMonthPointInTimeRecovery: 0.2,
  },
  eventBridge: {
    /** Custom events put on a bus, per 64 KB chunk. Scheduled rules are free. */
    perMillionEvents: 1.0,
    /** EventBridge Scheduler invocations. */
    perMillionSchedulerInvocations: 1.0,
  },
  sqs: { perMillionRequests: 0.4 },
  apiGateway: { perMillionHttpApiRequests: 1.0 },
  ses: { perThousandEmails: 0.1 },
  cloudWatch: {
    perGbLogsIngested: 0.5,
    perGbMonthLogsStored: 0.03,
    perAlarmMonth: 0.1,
    perDashboardMonth: 3.0,
    /** Custom metrics (EMF), first 10,000, prorated by the hour they are published. */
    perMetricMonth: 0.3,
    /** The hours of a metric-month in that proration. */
    hoursPerMetricMonth: 730,
  },
  xRay: { perMillionTracesRecorded: 5.0 },
  secretsManager: { perSecretMonth: 0.4, perTenThousandCalls: 0.05 },
  /** Standard parameters (up to 10,000, 4 KB) and standard-throughput API calls are free. */
  parameterStore: { perStandardParameterMonth: 0, perTenThousandStandardCalls: 0 },
  /** Requests to a KMS key; the AWS-managed `aws/ssm` key itself has no monthly fee. */
  kms: { perTenThousandRequests: 0.03 },
  s3: { perThousandPuts: 0.005, perGbMonthStandard: 0.023 },
  /** What an account gets for free every month, whatever its age (the 12-month offers are left out). */
  alwaysFree: {
    lambdaRequests: 1_000_000,
    lambdaGbSeconds: 400_000,
    dynamodbStorageGb: 25,
    sqsRequests: 1_000_000,
    schedulerInvocations: 14_000_000,
    logsGb: 5,
    alarms: 10,
    dashboards: 3,
    metrics: 10,
    xRayTraces: 100_000,
    kmsRequests: 20_000,
  },
} as const;

export type Prices = typeof prices;
