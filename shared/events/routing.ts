import type { EventName } from './catalog.ts';
import { events } from './catalog.ts';

/**
 * The wiring of Vigie, declared once: which function exists, what triggers it and what it may touch.
 * The CDK stack turns it into Lambda functions, EventBridge rules, queues, schedules and HTTP routes;
 * the local stack turns it into the in-process bus, scheduler and HTTP server.
 */
export type Capability = 'ingress' | 'crisis' | 'metrics' | 'publishing' | 'alerts';

export type Trigger =
  /** EventBridge rule → Lambda (asynchronous invoke, retries, DLQ, on-failure destination). */
  | { kind: 'events'; events: readonly EventName[]; delivery: 'direct' }
  /** EventBridge rule → SQS buffer → Lambda in batches: for consumers that must absorb bursts. */
  | {
      kind: 'events';
      events: readonly EventName[];
      delivery: 'queue';
      batchSize: number;
      batchWindowSeconds: number;
    }
  /** EventBridge schedule (rate or cron expression, evaluated in UTC). */
  | { kind: 'schedule'; expression: string }
  /** HTTP API routes. */
  | { kind: 'http'; routes: readonly HttpRoute[] }
  /** The HTTP API's authorizer of read routes (`auth: 'apiKey'`): one key per client. */
  | { kind: 'authorizer' }
  /** The target of EventBridge Scheduler one-time schedules (asynchronous invoke, retries, DLQ). */
  | { kind: 'scheduler' }
  /**
   * An SQS queue that other functions of the capability fill (`access.sendMessages`) → Lambda in
   * batches, with partial batch failures: work taken off a caller's path (redrive → DLQ).
   */
  | { kind: 'queue'; queue: QueueName; batchSize: number; batchWindowSeconds: number };

/** The queues of `queue` triggers, by the name their senders use. */
export type QueueName = 'webhookArchive';

export interface HttpRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** Read APIs need the client's API key (`Authorization: Bearer <key>`); webhooks verify their own signatures. */
  auth?: 'apiKey';
}

export type TableAction =
  | 'GetItem'
  | 'PutItem'
  | 'UpdateItem'
  | 'Query'
  | 'Scan'
  | 'DeleteItem'
  /** Puts and deletes by 25 (rollup rows): one call instead of 25. */
  | 'BatchWriteItem';

export interface FunctionSpec {
  readonly id: string;
  readonly capability: Capability;
  /** Folder under functions/ holding `handler.ts` (AWS wiring) and `app.ts` (the handler factory). */
  readonly dir: string;
  readonly description: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly trigger: Trigger;
  readonly access: {
    /** DynamoDB actions on the table (and its index), granted verb by verb. */
    readonly table: readonly TableAction[];
    readonly putEvents: boolean;
    readonly sendEmail: boolean;
    readonly webhookSecrets: boolean;
    /** Reads the key that signs the links in emails (acknowledge). */
    readonly linkSigning: boolean;
    /** Reads the client's API key (the authorizer). */
    readonly apiKey: boolean;
    /** Writes accepted raw webhook bodies to the archive bucket. */
    readonly archive: boolean;
    /** Sends messages to these queues (`queue` triggers of the same capability): SendMessage only. */
    readonly sendMessages: readonly QueueName[];
    /** Reads the access tokens of the brand's network accounts (`accounts.*.tokenSecretName`). */
    readonly networkTokens: boolean;
    /** Creates, moves and deletes the publication schedules (and passes their role to the Scheduler). */
    readonly publicationSchedules: boolean;
    /** Reads the signing secrets of the `webhook` publishers (`publishers.*.secretName`). */
    readonly publisherSecrets: boolean;
    /** Reads the signing secrets of the outbound lifecycle webhooks (`outboundWebhooks[].secretName`). */
    readonly outboundWebhookSecrets: boolean;
  };
}

/** Every `publication.*` event of the catalog: the lifecycle the outbound webhooks deliver. */
const publicationEvents = (Object.keys(events) as EventName[]).filter((name) =>
  events[name].detailType.startsWith('publication.'),
);

export const functionSpecs = [
  {
    id: 'receiveWebhook',
    capability: 'ingress',
    dir: 'functions/ingress/receive-webhook',
    description:
      'Verifies, validates and normalizes webhook deliveries, puts domain events on the bus and queues the raw body for the archive',
    memoryMb: 512,
    timeoutSeconds: 10,
    trigger: {
      kind: 'http',
      routes: [
        { method: 'POST', path: '/webhooks/{source}' },
        { method: 'GET', path: '/webhooks/{source}' },
      ],
    },
    access: {
      table: ['GetItem', 'PutItem'],
      putEvents: true,
      sendEmail: false,
      webhookSecrets: true,
      linkSigning: false,
      apiKey: false,
      archive: false,
      // The raw body goes to the archive through a queue: no S3 client on the acknowledgement path.
      sendMessages: ['webhookArchive'],
      networkTokens: false,
      publicationSchedules: false,
      publisherSecrets: false,
      outboundWebhookSecrets: false,
    },
  },
  {
    id: 'archiveWebhooks',
    capability: 'ingress',
    dir: 'functions/ingress/archive-webhooks',
    description: 'Writes the raw bodies of accepted webhook deliveries to the archive bucket, once per key',
    memoryMb: 256,
    timeoutSeconds: 60,
    trigger: {
      kind: 'queue',
      queue: 'webhookArchive',
      batchSize: 100,
      // Nothing reads the archive before a reingest: gathering for up to 5 minutes (SQS's maximum)
      // makes one invocation of many deliveries at a client's usual rates.
      batchWindowSeconds: 300,
    },
    access: {
      table: [],
      putEvents: false,
      sendEmail: false,
      webhookSecrets: false,
      linkSigning: false,
      apiKey: false,
      archive: true,
      sendMessages: [],
      networkTokens: false,
      publicationSchedules: false,
      publisherSecrets: false,
      outboundWebhookSecrets: false,
    },
  },
  {
    id: 'authorizeApiKey',
    capability: 'ingress',
    dir: 'functions/ingress/authorize-api-key',
    description: 'Lets read API calls through when they carry the client’s API key',
    memoryMb: 256,
    timeoutSeconds: 5,
    trigger: { kind: 'authorizer' },
    access: {
      table: [],
      putEvents: false,
      sendEmail: false,
      webhookSecrets: false,
      linkSigning: false,
      apiKey: true,
      archive: false,
      sendMessages: [],
      networkTokens: false,
      publicationSchedules: false,
      publisherSecrets: false,
      outboundWebhookSecrets: false,
    },
  },
  {
    id: 'listMentions',
    capability: 'ingress',
    dir: 'functions/ingress/list-mentions',
    description: 'GET /mentions: stored mentions by time, network and sentiment, paginated',
    memoryMb: 256,
    timeoutSeconds: 10,
    trigger: { kind: 'http', routes: [{ method: 'GET', path: '/mentions', auth: 'apiKey' }] },
    access: {
      table: ['Query'],
      putEvents: false,
      sendEmail: false,
      webhookSecrets: false,
      linkSigning: false,
      apiKey: false,
      archive: false,
      sendMessages: [],
      networkTokens: false,
      publicationSchedules: false,
      publisherSecrets: false,
      outboundWebhookSecrets: false,
    },
  },
  {
    id: 'recordMentions',
    capability: 'crisis',
    dir: 'functions/crisis/record-mentions',
    description:
      'Labels sentiment, stores mentions (with TTL) and updates 5-minute counters, once per mention',
    memoryMb: 512,
    timeoutSeconds: 60,
    trigger: {
      kind: 'events',
      events: ['mentionReceived'],
      delivery: 'queue',
      batchSize: 100,
      // Counters cost one write per touched bucket per batch: a storm of 50,000 mentions in 48 h
      // (0.3/s) fills a 5-s window with ~2 mentions, a 60-s one with ~17 (docs/performance.md).
      // The radar reads every 5 minutes, so a minute of gathering barely delays it.
      batchWindowSeconds: 60,
    },
    access: {
      table: ['GetItem', 'PutItem', 'UpdateItem'],
      putEvents: false,
      sendEmail: false,
      webhookSecrets: false,
      linkSigning: false,
      apiKey: false,
      archive: false,
      sendMessages: [],
      networkTokens: false,
      publicationSchedules: false,
      publisherSecrets: false,
      outboundWebhookSecrets: false,
    },
  },
  {
    id: 'detectSpikes',
    capability: 'crisis',
    dir: 'functions/crisis/detect-spikes',
    description:
      'Compares recent negative mentions with the usual level and opens, escalates or resolves incidents',
    memoryMb: 256,
    timeoutSeconds: 60,
    trigger: { kind: 'schedule', expression: 'rate(5 minutes)' },
    access: {
      table: ['GetItem', 'PutItem', 'Query'],
      putEvents: true,
      sendEmail: false,
      webhookSecrets: false,
      linkSigning: false,
      apiKey: false,
      archive: false,
      sendMessages: [],
      networkTokens: false,
      publicationSchedules: false,
      publisherSecrets: false,
      outboundWebhookSecrets: false,
    },
  },
  {
    id: 'acknowledgeIncident',
    capability: 'crisis',
    dir: 'functions/crisis/acknowledge-incident',
    description:
      'The signed link in crisis emails: records that someone took the incident, which stops reminders',
    memoryMb: 256,
    timeoutSeconds: 10,
    trigger: { kind: 'http', routes: [{ method: 'GET', path: '/incidents/{incidentId}/acknowledge' }] },
    access: {
      table: ['PutItem'],
      putEvents: false,
      sendEmail: false,
      webhookSecrets: false,
      linkSigning: true,
      apiKey: false,
      archive: false,
      sendMessages: [],
      networkTokens: false,
      publicationSchedules: false,
      publisherSecrets: false,
      outboundWebhookSecrets: false,
    },
  },
  {
    id: 'recordMetrics',
    capability: 'metrics',
    dir: 'functions/metrics/record-metrics',
    description:
      'Stores post and account snapshots idempotently, keeps the latest readings, marks them for the rollup',
    memoryMb: 256,
    timeoutSeconds: 60,
    trigger: {
      kind: 'events',
      events: ['metricsSnapshotReceived', 'accountSnapshotReceived'],
      delivery: 'queue',
      batchSize: 100,
      batchWindowSeconds: 5,
    },
    access: {
      table: ['PutItem', 'UpdateItem'],
      putEvents: false,
      sendEmail: false,
      webhookSecrets: false,
      linkSigning: false,
      apiKey: false,
      archive: false,
      sendMessages: [],
      networkTokens: false,
      publicationSchedules: false,
      publisherSecrets: false,
      outboundWebhookSecrets: false,
    },
  },
  {
    id: 'linkPosts',
    capability: 'metrics',
    dir: 'functions/metrics/link-posts',
    description: 'Links published posts to their publication (pillar, campaign) so their metrics carry them',
    memoryMb: 256,
    timeoutSeconds: 10,
    trigger: {
      kind: 'events',
      events: ['publicationPublished', 'publicationOutcomeReported'],
      delivery: 'direct',
    },
    access: {
      table: ['GetItem', 'PutItem'],
      putEvents: false,
      sendEmail: false,
      webhookSecrets: false,
      linkSigning: false,
      apiKey: false,
      archive: false,
      sendMessages: [],
      networkTokens: false,
      publicationSchedules: false,
      publisherSecrets: false,
      outboundWebhookSecrets: false,
    },
  },
  {
    id: 'pullMetrics',
    capability: 'metrics',
    dir: 'functions/metrics/pull-metrics',
    description: 'Reads the brand accounts’ and recent posts’ insights from the networks and emits snapshots',
    memoryMb: 256,
    timeoutSeconds: 120,
    trigger: { kind: 'schedule', expression: 'rate(1 hour)' },
    access: {
      table: [],
      putEvents: true,
      sendEmail: false,
      webhookSecrets: false,
      linkSigning: false,
      apiKey: false,
      archive: false,
      sendMessages: [],
      networkTokens: true,
      publicationSchedules: false,
      publisherSecrets: false,
      outboundWebhookSecrets: false,
    },
  },
  {
    id: 'rollupKpis',
    capability: 'metrics',
    dir: 'functions/metrics/rollup-kpis',
    description: 'Updates the KPI rollups of the open periods and of what new snapshots changed',
    memoryMb: 512,
    timeoutSeconds: 300,
    trigger: { kind: 'schedule', expression: 'rate(1 hour)' },
    access: {
      table: ['GetItem', 'PutItem', 'DeleteItem', 'Query', 'BatchWriteItem'],
      putEvents: false,
      sendEmail: false,
      webhookSecrets: false,
      linkSigning: false,
      apiKey: false,
      archive: false,
      sendMessages: [],
      networkTokens: false,
      publicationSchedules: false,
      publisherSecrets: false,
      outboundWebhookSecrets: false,
    },
  },
  {
    id: 'closeKpiDay',
    capability: 'metrics',
    dir: 'functions/metrics/close-kpi-day',
    description:
      'Finalizes yesterday’s KPI rollups (hour, day, week, month) in the client’s local 01:00 hour',
    memoryMb: 512,
    timeoutSeconds: 300,
    trigger: { kind: 'schedule', expression: 'cron(20 * * * ? *)' },
    access: {
      table: ['GetItem', 'PutItem', 'DeleteItem', 'Query', 'BatchWriteItem'],
      putEvents: false,
      sendEmail: false,
      webhookSecrets: false,
      linkSigning: false,
      apiKey: false,
      archive: false,
      sendMessages: [],
      networkTokens: false,
      publicationSchedules: false,
      publisherSecrets: false,
      outboundWebhookSecrets: false,
    },
  },
  {
    id: 'listKpis',
    capability: 'metrics',
    dir: 'functions/metrics/list-kpis',
    description: 'GET /kpis: KPI rollups by period, dates, network, pillar and campaign',
    memoryMb: 256,
    timeoutSeconds: 10,
    trigger: { kind: 'http', routes: [{ method: 'GET', path: '/kpis', auth: 'apiKey' }] },
    access: {
      table: ['Query'],
      putEvents: false,
      sendEmail: false,
      webhookSecrets: false,
      linkSigning: false,
      apiKey: false,
      archive: false,
      sendMessages: [],
      networkTokens: false,
      publicationSchedules: false,
      publisherSecrets: false,
      outboundWebhookSecrets: false,
    },
  },
  {
    id: 'listPosts',
    capability: 'metrics',
    dir: 'functions/metrics/list-posts',
    description: 'GET /posts: posts of a date range with lifetime metrics and rank in their month',
    memoryMb: 256,
    timeoutSeconds: 10,
    trigger: { kind: 'http', routes: [{ method: 'GET', path: '/posts', auth: 'apiKey' }] },
    access: {
      table: ['Query'],
      putEvents: false,
      sendEmail: false,
      webhookSecrets: false,
      linkSigning: false,
      apiKey: false,
      archive: false,
      sendMessages: [],
      networkTokens: false,
      publicationSchedules: false,
      publisherSecrets: false,
      outboundWebhookSecrets: false,
    },
  },
  {
    id: 'sendAlertEmail',
    capability: 'alerts',
    dir: 'functions/alerts/send-alert-email',
    description: 'Turns crisis, KPI and publication alerts into one email each, exactly once',
    memoryMb: 256,
    timeoutSeconds: 30,
    trigger: {
      kind: 'events',
      events: [
        'incidentOpened',
        'incidentEscalated',
        'incidentReminder',
        'incidentResolved',
        'kpiThresholdCrossed',
        'publicationFailed',
        'accountAccessLost',
      ],
      delivery: 'direct',
    },
    access: {
      table: ['PutItem', 'UpdateItem'],
      putEvents: false,
      sendEmail: true,
      webhookSecrets: false,
      linkSigning: true,
      apiKey: false,
      archive: false,
      sendMessages: [],
      networkTokens: false,
      publicationSchedules: false,
      publisherSecrets: false,
      outboundWebhookSecrets: false,
    },
  },
  {
    id: 'intakePublications',
    capability: 'publishing',
    dir: 'functions/publishing/intake-publications',
    description:
      'Queues publication requests, updates and cancellations from the webhook sources, and the outcomes tools report',
    memoryMb: 256,
    timeoutSeconds: 30,
    trigger: {
      kind: 'events',
      events: [
        'publicationRequested',
        'publicationUpdated',
        'publicationCancelled',
        'publicationOutcomeReported',
      ],
      delivery: 'direct',
    },
    access: {
      table: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'],
      putEvents: true,
      sendEmail: false,
      webhookSecrets: false,
      linkSigning: false,
      apiKey: false,
      archive: false,
      sendMessages: [],
      networkTokens: false,
      publicationSchedules: true,
      publisherSecrets: false,
      outboundWebhookSecrets: false,
    },
  },
  {
    id: 'publicationsApi',
    capability: 'publishing',
    dir: 'functions/publishing/publications-api',
    description: 'The publication queue API: create, calendar view, edit, approve, cancel, best times',
    memoryMb: 256,
    timeoutSeconds: 30,
    trigger: {
      kind: 'http',
      routes: [
        { method: 'POST', path: '/publications', auth: 'apiKey' },
        { method: 'GET', path: '/publications', auth: 'apiKey' },
        // Before /publications/{publicationId}: the local server takes the first route that matches.
        { method: 'GET', path: '/publications/best-times', auth: 'apiKey' },
        { method: 'GET', path: '/publications/{publicationId}', auth: 'apiKey' },
        { method: 'PATCH', path: '/publications/{publicationId}', auth: 'apiKey' },
        { method: 'POST', path: '/publications/{publicationId}/approve', auth: 'apiKey' },
        { method: 'DELETE', path: '/publications/{publicationId}', auth: 'apiKey' },
      ],
    },
    access: {
      table: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'],
      putEvents: true,
      sendEmail: false,
      webhookSecrets: false,
      linkSigning: false,
      apiKey: false,
      archive: false,
      sendMessages: [],
      networkTokens: false,
      publicationSchedules: true,
      publisherSecrets: false,
      outboundWebhookSecrets: false,
    },
  },
  {
    id: 'reviewPublication',
    capability: 'publishing',
    dir: 'functions/publishing/review-publication',
    description: 'The signed approve / reject links of approval emails, for reviewers without an account',
    memoryMb: 256,
    timeoutSeconds: 10,
    trigger: { kind: 'http', routes: [{ method: 'GET', path: '/review/{publicationId}/{decision}' }] },
    access: {
      table: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'],
      putEvents: true,
      sendEmail: false,
      webhookSecrets: false,
      linkSigning: true,
      apiKey: false,
      archive: false,
      sendMessages: [],
      networkTokens: false,
      publicationSchedules: true,
      publisherSecrets: false,
      outboundWebhookSecrets: false,
    },
  },
  {
    id: 'notifyReviewers',
    capability: 'publishing',
    dir: 'functions/publishing/notify-reviewers',
    description:
      'Approval emails: the post per network with signed links to each reviewer; lapsed or rejected requests to the team',
    memoryMb: 256,
    timeoutSeconds: 30,
    trigger: {
      kind: 'events',
      events: ['publicationReviewRequested', 'publicationReviewExpired', 'publicationReviewRejected'],
      delivery: 'direct',
    },
    access: {
      table: ['GetItem', 'PutItem', 'UpdateItem'],
      putEvents: false,
      sendEmail: true,
      webhookSecrets: false,
      linkSigning: true,
      apiKey: false,
      archive: false,
      sendMessages: [],
      networkTokens: false,
      publicationSchedules: false,
      publisherSecrets: false,
      outboundWebhookSecrets: false,
    },
  },
  {
    id: 'publishPublication',
    capability: 'publishing',
    dir: 'functions/publishing/publish-publication',
    description:
      'Target of the publication schedules: checks approval and state, sends once through the network’s publisher, records the outcome',
    memoryMb: 512,
    timeoutSeconds: 120,
    trigger: { kind: 'scheduler' },
    access: {
      table: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'],
      putEvents: true,
      sendEmail: false,
      webhookSecrets: false,
      linkSigning: false,
      apiKey: false,
      archive: false,
      sendMessages: [],
      networkTokens: true,
      publicationSchedules: true,
      publisherSecrets: true,
      outboundWebhookSecrets: false,
    },
  },
  {
    id: 'checkAccountAccess',
    capability: 'publishing',
    dir: 'functions/publishing/check-account-access',
    description:
      'Twice a day: is each natively published account’s token still good? Tells the team which to reconnect before its slot',
    memoryMb: 256,
    timeoutSeconds: 30,
    trigger: { kind: 'schedule', expression: 'cron(0 5,15 * * ? *)' },
    access: {
      table: [],
      putEvents: true,
      sendEmail: false,
      webhookSecrets: false,
      linkSigning: false,
      apiKey: false,
      archive: false,
      sendMessages: [],
      networkTokens: true,
      publicationSchedules: false,
      publisherSecrets: false,
      outboundWebhookSecrets: false,
    },
  },
  {
    id: 'finishPublicationChanges',
    capability: 'publishing',
    dir: 'functions/publishing/finish-publication-changes',
    description:
      'Every 5 minutes: finishes publication changes saved but left without their schedules or events (a crash, a refused call)',
    memoryMb: 256,
    timeoutSeconds: 60,
    trigger: { kind: 'schedule', expression: 'rate(5 minutes)' },
    access: {
      table: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'],
      putEvents: true,
      sendEmail: false,
      webhookSecrets: false,
      linkSigning: false,
      apiKey: false,
      archive: false,
      sendMessages: [],
      networkTokens: false,
      publicationSchedules: true,
      publisherSecrets: false,
      outboundWebhookSecrets: false,
    },
  },
  {
    id: 'deliverOutboundWebhooks',
    capability: 'publishing',
    dir: 'functions/publishing/deliver-outbound-webhooks',
    description: 'Delivers publication lifecycle events to the client’s URLs as signed Standard Webhooks',
    memoryMb: 256,
    timeoutSeconds: 30,
    trigger: { kind: 'events', events: publicationEvents, delivery: 'direct' },
    access: {
      table: ['GetItem', 'PutItem'],
      putEvents: false,
      sendEmail: false,
      webhookSecrets: false,
      linkSigning: false,
      apiKey: false,
      archive: false,
      sendMessages: [],
      networkTokens: false,
      publicationSchedules: false,
      publisherSecrets: false,
      outboundWebhookSecrets: true,
    },
  },
  {
    id: 'evaluateWorryLines',
    capability: 'metrics',
    dir: 'functions/metrics/evaluate-worry-lines',
    description:
      'Hourly, acting at 02:00 local: closed days, weeks and months against the worry lines, one event per crossing',
    memoryMb: 256,
    timeoutSeconds: 60,
    trigger: { kind: 'schedule', expression: 'cron(15 * * * ? *)' },
    access: {
      table: ['Query', 'PutItem', 'UpdateItem'],
      putEvents: true,
      sendEmail: false,
      webhookSecrets: false,
      linkSigning: false,
      apiKey: false,
      archive: false,
      sendMessages: [],
      networkTokens: false,
      publicationSchedules: false,
      publisherSecrets: false,
      outboundWebhookSecrets: false,
    },
  },
  {
    id: 'sendMonthlyReport',
    capability: 'metrics',
    dir: 'functions/metrics/send-monthly-report',
    description:
      'Hourly, acting on the 1st from 08:00 local: the previous month’s report (KPIs, charts, posts), emailed once',
    memoryMb: 512,
    timeoutSeconds: 120,
    trigger: { kind: 'schedule', expression: 'cron(5 * * * ? *)' },
    access: {
      table: ['Query', 'PutItem', 'UpdateItem'],
      putEvents: false,
      sendEmail: true,
      webhookSecrets: false,
      linkSigning: false,
      apiKey: false,
      archive: false,
      sendMessages: [],
      networkTokens: false,
      publicationSchedules: false,
      publisherSecrets: false,
      outboundWebhookSecrets: false,
    },
  },
] as const satisfies readonly FunctionSpec[];

export type FunctionId = (typeof functionSpecs)[number]['id'];

/** The EventBridge event pattern of a function triggered by events (same matching on the local bus). */
export function eventPatternOf(
  spec: FunctionSpec,
): { source: string[]; 'detail-type': string[] } | undefined {
  if (spec.trigger.kind !== 'events') return undefined;
  const contracts = spec.trigger.events.map((name) => events[name]);
  return {
    source: [...new Set(contracts.map((contract) => contract.source))],
    'detail-type': contracts.map((contract) => contract.detailType),
  };
}

/** How SQS batches a function's records, for functions fed by a queue (a rule's buffer or a `queue` trigger). */
export function queueBatchingOf(
  spec: FunctionSpec,
): { batchSize: number; batchWindowSeconds: number } | undefined {
  const { trigger } = spec;
  return trigger.kind === 'queue' || (trigger.kind === 'events' && trigger.delivery === 'queue')
    ? trigger
    : undefined;
}

export function specsOf(capability: Capability): FunctionSpec[] {
  return functionSpecs.filter((spec) => spec.capability === capability);
}

/** Retry policy shared by rule targets, asynchronous invokes and queues (and mimicked locally). */
export const deliveryPolicy = {
  ruleTargetRetryAttempts: 8,
  ruleTargetMaxEventAgeHours: 24,
  asyncInvokeRetryAttempts: 2,
  queueMaxReceiveCount: 5,
  dlqRetentionDays: 14,
} as const;

/**
 * Each capability has one DLQ, shared by its functions (rule targets, on-failure destinations,
 * buffers' redrive): its name is what `vigie redrive --queue <capability>` and the console show.
 */
export function deadLetterQueueName(stackName: string, capability: Capability): string {
  return `${stackName}-${capability}-dlq`;
}

export function isCapability(name: string): name is Capability {
  return functionSpecs.some((spec) => spec.capability === name);
}
