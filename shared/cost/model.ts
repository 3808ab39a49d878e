import { type BilledOperations, sumOf } from './operations.ts';
import type { Prices } from './prices.ts';

/** What a month of one client uses, in the units AWS bills. */
export interface MonthlyUsage {
  lambda: {
    functionId: string;
    memoryMb: number;
    invocations: number;
    /** Billed duration per invocation (ms, rounded up per invocation in AWS). */
    billedMsPerInvocation: number;
    coldStarts: number;
    /** Init phase, billed since August 2025 for on-demand functions. */
    initMs: number;
  }[];
  dynamodb: { writeUnits: number; readUnits: number; storageGb: number; pointInTimeRecovery: boolean };
  eventBridge: { events: number; schedulerInvocations: number };
  sqsRequests: number;
  httpRequests: number;
  emails: number;
  logs: { ingestedGb: number; storedGb: number };
  /** Custom metrics (name × `service`): how many, and the hours of the month each is published, summed. */
  customMetrics: { metrics: number; metricHours: number };
  alarms: number;
  dashboards: number;
  xRayTraces: number;
  /** The generated keys (CloudFormation can generate them only there). */
  secretsManager: { secrets: number; apiCalls: number };
  /** The secrets the client file names: SecureString parameters, each read decrypting with `aws/ssm`. */
  parameterStore: { parameters: number; apiCalls: number };
  s3: { puts: number; storedGb: number };
}

export interface BillLine {
  service: string;
  item: string;
  quantity: number;
  unit: string;
  usd: number;
}

/** The bill of a month of usage, line by line; `freeTier` applies the always-free allowances. */
export function monthlyBill(usage: MonthlyUsage, prices: Prices, options: { freeTier: boolean }): BillLine[] {
  const free = options.freeTier ? prices.alwaysFree : undefined;
  const over = (quantity: number, allowance = 0) => Math.max(0, quantity - allowance);
  const lines: BillLine[] = [];
  const line = (service: string, item: string, quantity: number, unit: string, usd: number) =>
    lines.push({ service, item, quantity, unit, usd });

  const requests = usage.lambda.reduce((sum, fn) => sum + fn.invocations, 0);
  const gbSeconds = usage.lambda.reduce(
    (sum, fn) =>
      sum +
      (fn.memoryMb / 1024) * ((fn.invocations * fn.billedMsPerInvocation + fn.coldStarts * fn.initMs) / 1000),
    0,
  );
  line(
    'Lambda',
    'requests',
    requests,
    'requests',
    (over(requests, free?.lambdaRequests) / 1e6) * prices.lambda.perMillionRequests,
  );
  line(
    'Lambda',
    'duration (arm64, init included)',
    gbSeconds,
    'GB-s',
    over(gbSeconds, free?.lambdaGbSeconds) * prices.lambda.perGbSecondArm,
  );

  const { dynamodb } = usage;
  line(
    'DynamoDB',
    'write request units',
    dynamodb.writeUnits,
    'WRU',
    (dynamodb.writeUnits / 1e6) * prices.dynamodb.perMillionWriteUnits,
  );
  line(
    'DynamoDB',
    'read request units',
    dynamodb.readUnits,
    'RRU',
    (dynamodb.readUnits / 1e6) * prices.dynamodb.perMillionReadUnits,
  );
  line(
    'DynamoDB',
    'storage',
    dynamodb.storageGb,
    'GB-month',
    over(dynamodb.storageGb, free?.dynamodbStorageGb) * prices.dynamodb.perGbMonthStorage,
  );
  if (dynamodb.pointInTimeRecovery)
    line(
      'DynamoDB',
      'point-in-time recovery',
      dynamodb.storageGb,
      'GB-month',
      dynamodb.storageGb * prices.dynamodb.perGbMonthPointInTimeRecovery,
    );

  line(
    'EventBridge',
    'events put on the bus',
    usage.eventBridge.events,
    'events',
    (usage.eventBridge.events / 1e6) * prices.eventBridge.perMillionEvents,
  );
  line(
    'EventBridge',
    'Scheduler invocations',
    usage.eventBridge.schedulerInvocations,
    'invocations',
    (over(usage.eventBridge.schedulerInvocations, free?.schedulerInvocations) / 1e6) *
      prices.eventBridge.perMillionSchedulerInvocations,
  );
  line(
    'SQS',
    'requests (sends, polls, deletes)',
    usage.sqsRequests,
    'requests',
    (over(usage.sqsRequests, free?.sqsRequests) / 1e6) * prices.sqs.perMillionRequests,
  );
  line(
    'API Gateway',
    'HTTP API requests',
    usage.httpRequests,
    'requests',
    (usage.httpRequests / 1e6) * prices.apiGateway.perMillionHttpApiRequests,
  );
  line('SES', 'emails', usage.emails, 'emails', (usage.emails / 1000) * prices.ses.perThousandEmails);

  const { cloudWatch } = prices;
  line(
    'CloudWatch',
    'logs ingested',
    usage.logs.ingestedGb,
    'GB',
    over(usage.logs.ingestedGb, free?.logsGb) * cloudWatch.perGbLogsIngested,
  );
  line(
    'CloudWatch',
    'logs stored',
    usage.logs.storedGb,
    'GB-month',
    usage.logs.storedGb * cloudWatch.perGbMonthLogsStored,
  );
  // Prorated by the hour: a metric published in h hours of the month is h / 730 of a metric. The
  // always-free 10 metrics come off that prorated count, as on the bill (10 metric-months: 7,300
  // metric-hours, e.g. 10 metrics published all month, or 20 published half of it).
  const metricMonths = usage.customMetrics.metricHours / cloudWatch.hoursPerMetricMonth;
  line(
    'CloudWatch',
    `custom metrics (EMF; ${usage.customMetrics.metrics} metrics, ${Math.round(usage.customMetrics.metricHours)} metric-hours)`,
    metricMonths,
    'metric-months',
    over(metricMonths, free?.metrics) * cloudWatch.perMetricMonth,
  );
  line(
    'CloudWatch',
    'alarms',
    usage.alarms,
    'alarm metrics',
    over(usage.alarms, free?.alarms) * cloudWatch.perAlarmMonth,
  );
  line(
    'CloudWatch',
    'dashboards',
    usage.dashboards,
    'dashboards',
    over(usage.dashboards, free?.dashboards) * cloudWatch.perDashboardMonth,
  );
  line(
    'X-Ray',
    'traces recorded',
    usage.xRayTraces,
    'traces',
    (over(usage.xRayTraces, free?.xRayTraces) / 1e6) * prices.xRay.perMillionTracesRecorded,
  );
  const { secretsManager, parameterStore } = usage;
  line(
    'Secrets Manager',
    'secrets (the 2 generated keys)',
    secretsManager.secrets,
    'secrets',
    secretsManager.secrets * prices.secretsManager.perSecretMonth,
  );
  line(
    'Secrets Manager',
    'API calls',
    secretsManager.apiCalls,
    'calls',
    (secretsManager.apiCalls / 10_000) * prices.secretsManager.perTenThousandCalls,
  );
  line(
    'Parameter Store',
    'SecureString parameters (standard tier)',
    parameterStore.parameters,
    'parameters',
    parameterStore.parameters * prices.parameterStore.perStandardParameterMonth,
  );
  line(
    'Parameter Store',
    'API calls (standard throughput)',
    parameterStore.apiCalls,
    'calls',
    (parameterStore.apiCalls / 10_000) * prices.parameterStore.perTenThousandStandardCalls,
  );
  line(
    'KMS',
    'requests (SecureString decrypts, aws/ssm key)',
    parameterStore.apiCalls,
    'requests',
    (over(parameterStore.apiCalls, free?.kmsRequests) / 10_000) * prices.kms.perTenThousandRequests,
  );
  line('S3', 'archive PUTs', usage.s3.puts, 'requests', (usage.s3.puts / 1000) * prices.s3.perThousandPuts);
  line(
    'S3',
    'archive storage',
    usage.s3.storedGb,
    'GB-month',
    usage.s3.storedGb * prices.s3.perGbMonthStandard,
  );
  return lines;
}

export function totalOf(lines: readonly BillLine[]): number {
  return lines.reduce((sum, line) => sum + line.usd, 0);
}

/** How a month's operations become billed usage: the assumptions, each a knob. */
export interface UsageAssumptions {
  /** Network latency of one AWS API call inside the region, added to the handler time measured locally. */
  awsCallMs: number;
  /** Lambda's own log lines per invocation (platform.start and platform.report in JSON format). */
  platformLogBytesPerInvocation: number;
  /** The HTTP API's access log line per request. */
  accessLogBytesPerRequest: number;
  logRetentionDays: number;
  /** CloudWatch stores logs compressed: stored bytes per ingested byte. */
  logCompression: number;
  /** At most one cold start per function per this many minutes (quieter functions: every invocation). */
  coldStartEveryMinutes: number;
  initMs: number;
  /**
   * A cached secret (either store) is re-read every 5 minutes per warm instance (the Parameters and
   * Secrets extension's cache, the same 5 minutes Powertools Parameters kept): at most this many calls per function.
   */
  secretCallsCapPerFunction: number;
  /** Lambda's SQS pollers long-poll an empty queue all month (5 pollers, 20-s waits). */
  idlePollsPerQueue: number;
  /** Average stored size of an item the month writes (key, attributes, DynamoDB's 100-byte overhead). */
  storedBytesPerWrite: number;
  /** How long written items stay (the client's retention: TTL). */
  retentionDays: number;
}

export const defaultAssumptions: UsageAssumptions = {
  awsCallMs: 8,
  platformLogBytesPerInvocation: 700,
  accessLogBytesPerRequest: 450,
  logRetentionDays: 30,
  logCompression: 0.15,
  coldStartEveryMinutes: 15,
  initMs: 150,
  secretCallsCapPerFunction: 8_640,
  idlePollsPerQueue: 648_000,
  storedBytesPerWrite: 700,
  retentionDays: 90,
};

export interface StackFacts {
  functions: { id: string; memoryMb: number; readsSecretsManager: boolean; readsParameters: boolean }[];
  /** Alarm metrics, not alarm resources: an alarm over metric math is billed per metric it reads. */
  alarms: number;
  dashboards: number;
  queuesPolledByLambda: number;
  /** Secrets Manager secrets of the stack. */
  secrets: number;
  /** Parameter Store parameters the client file names. */
  parameters: number;
  pointInTimeRecovery: boolean;
}

const MONTH_MINUTES = 30 * 24 * 60;

/**
 * A month of operations (measured per unit, scaled by the profile) as billed usage. `metricHours`:
 * the hours each custom metric is published in (profiles.ts `metricHoursOf`); without it (a replay,
 * whose functions log nothing) every metric the operations name counts the whole month.
 */
export function usageOf(
  operations: BilledOperations,
  stack: StackFacts,
  assumptions: UsageAssumptions,
  metricHours: Record<string, number> = wholeMonthOf(operations.emittedMetrics),
): MonthlyUsage {
  const secretCalls = (reads: (fn: StackFacts['functions'][number]) => boolean) =>
    stack.functions
      .filter(reads)
      .reduce(
        (sum, fn) =>
          sum + Math.min(operations.invocations[fn.id] ?? 0, assumptions.secretCallsCapPerFunction),
        0,
      );
  const published = Object.values(metricHours).filter((hours) => hours > 0);
  const gb = (bytes: number) => bytes / 1024 ** 3;
  const lambda = stack.functions.map((fn) => {
    const invocations = operations.invocations[fn.id] ?? 0;
    const perInvocation = (total: Record<string, number>) =>
      invocations ? (total[fn.id] ?? 0) / invocations : 0;
    return {
      functionId: fn.id,
      memoryMb: fn.memoryMb,
      invocations,
      billedMsPerInvocation: Math.ceil(
        perInvocation(operations.handlerMs) + perInvocation(operations.awsCalls) * assumptions.awsCallMs,
      ),
      coldStarts: Math.min(invocations, MONTH_MINUTES / assumptions.coldStartEveryMinutes),
      initMs: assumptions.initMs,
    };
  });
  const invocations = sumOf(operations.invocations);
  const ingested =
    sumOf(operations.logBytes) +
    invocations * assumptions.platformLogBytesPerInvocation +
    operations.httpRequests * assumptions.accessLogBytesPerRequest;
  return {
    lambda,
    dynamodb: {
      writeUnits: operations.writeUnits,
      readUnits: operations.readUnits,
      // Steady state: what the retention window keeps (TTL deletes the rest, for free).
      storageGb: gb(
        operations.writeUnits * assumptions.storedBytesPerWrite * (assumptions.retentionDays / 30),
      ),
      pointInTimeRecovery: stack.pointInTimeRecovery,
    },
    eventBridge: { events: operations.busEntries, schedulerInvocations: operations.schedulerInvocations },
    // Each buffered message: sent by the rule, received and deleted (at most one request each), plus
    // the pollers' empty receives.
    sqsRequests: operations.queuedMessages * 3 + stack.queuesPolledByLambda * assumptions.idlePollsPerQueue,
    httpRequests: operations.httpRequests,
    emails: operations.emails,
    logs: {
      ingestedGb: gb(ingested),
      storedGb: gb(ingested) * assumptions.logCompression * (assumptions.logRetentionDays / 30),
    },
    customMetrics: {
      metrics: published.length,
      metricHours: published.reduce((sum, hours) => sum + hours, 0),
    },
    alarms: stack.alarms,
    dashboards: stack.dashboards,
    // Active tracing on every function; at a client's rates the 1-per-second reservoir samples them all.
    xRayTraces: invocations,
    secretsManager: { secrets: stack.secrets, apiCalls: secretCalls((fn) => fn.readsSecretsManager) },
    parameterStore: { parameters: stack.parameters, apiCalls: secretCalls((fn) => fn.readsParameters) },
    s3: {
      puts: operations.archivePuts,
      storedGb: gb(operations.archiveBytes) * ((assumptions.retentionDays + 30) / 30),
    },
  };
}

function wholeMonthOf(emittedMetrics: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(emittedMetrics).map(([metric, times]) => [metric, times > 0 ? MONTH_MINUTES / 60 : 0]),
  );
}
