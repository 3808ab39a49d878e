import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DynamoAlertStore } from '../adapters/alert-store.ts';
import { QueuedRawArchive } from '../adapters/archive-queue.ts';
import { DynamoContributionStore } from '../adapters/contribution-store.ts';
import { DynamoDeliveryStore } from '../adapters/delivery-store.ts';
import type { EventPublisher } from '../adapters/event-publisher.ts';
import { DynamoIncidentStore } from '../adapters/incident-store.ts';
import type { Mailer, OutgoingEmail } from '../adapters/mailer.ts';
import { DynamoMentionStore, type MentionStore } from '../adapters/mention-store.ts';
import { InstagramGraphPuller } from '../adapters/metrics-puller.ts';
import { EnvironmentNetworkTokens } from '../adapters/network-tokens.ts';
import { DynamoOnceStore } from '../adapters/once-store.ts';
import { DynamoPostLinks } from '../adapters/post-links.ts';
import { DynamoPostMetricsStore } from '../adapters/post-metrics-store.ts';
import { LocalPublicationScheduler } from '../adapters/publication-scheduler.ts';
import { DynamoPublicationStore } from '../adapters/publication-store.ts';
import { accessCheckersFromConfig } from '../adapters/publishers/access.ts';
import { publishersFromConfig, publishingQuotaFromConfig } from '../adapters/publishers/index.ts';
import { DynamoRadarStore } from '../adapters/radar-store.ts';
import { type ArchivedDelivery, FolderRawArchive } from '../adapters/raw-archive.ts';
import { DynamoRollupStore } from '../adapters/rollup-store.ts';
import { FixedSigningSecrets } from '../adapters/signing-secrets.ts';
import { DynamoSnapshotStore } from '../adapters/snapshot-store.ts';
import { EnvironmentWebhookSecrets } from '../adapters/webhook-secrets.ts';
import { type ClientConfig, publishingTimeZone } from '../config/client-config.ts';
import type { ScheduledAction } from '../domain/publishing/ports.ts';
import { PublicationQueue } from '../domain/publishing/queue.ts';
import { functionSpecs } from '../events/routing.ts';
import { observability } from '../runtime/observability.ts';
import { builtinSentimentEngine } from '../sentiment/index.ts';
import type { Clock } from './clock.ts';
import { DeadLetters } from './dead-letters.ts';
import { type LocalDynamo, startLocalDynamo } from './dynamo.ts';
import { localContext } from './lambda-context.ts';
import { type LocalConsumer, LocalEventBus } from './local-bus.ts';
import { LocalScheduler } from './local-scheduler.ts';
import { MailboxMailer } from './mailbox.ts';
import type { OperationMeter } from './operation-meter.ts';

const REPOSITORY_ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
/** Replay and tests sign local links with a fixed key; `vigie start` uses VIGIE_SECRET_LINKS (generated). */
const LOCAL_LINK_KEY = 'vigie-local-link-key';

export interface LocalStackOptions {
  config: ClientConfig;
  clock: Clock;
  /** Where dynalite persists (LevelDB); in memory when absent. */
  dynamoPath?: string;
  mailDir: string;
  /** Where dead letters are appended; in memory only when absent. */
  deadLetterDir?: string;
  deliverImmediately: boolean;
  env?: NodeJS.ProcessEnv;
  /** Where accepted raw webhook bodies are archived (default: beside the mailbox). */
  archiveDir?: string;
  /** Where the links in emails point to (the local HTTP server). */
  apiUrl?: string;
  onMail?: (summary: string) => void;
  onDelivery?: (functionId: string, events: number, failed: number) => void;
  /** Counts billable operations (replay's operations.json, bench/units.ts). */
  meter?: OperationMeter;
  /**
   * Replaces some of the dependencies every handler is given (fault injection in tests and the soak
   * benchmark: a failing mailer, a publisher whose PutEvents partly fails…).
   */
  adapt?: (dependencies: LocalDependencies) => Partial<LocalDependencies>;
}

/** The one object of adapters every local `createHandler` receives (the ones faults target, named). */
export interface LocalDependencies {
  publisher: EventPublisher;
  mailer: Mailer;
  mentionStore: MentionStore;
  [name: string]: unknown;
}

/** Where a persistent local stack keeps its data under one folder (`.vigie/` by default). */
export function dataFolders(data: string): {
  dynamoPath: string;
  mailDir: string;
  deadLetterDir: string;
  archiveDir: string;
} {
  return {
    dynamoPath: join(data, 'dynamo'),
    mailDir: join(data, 'mail'),
    deadLetterDir: join(data, 'dlq'),
    archiveDir: join(data, 'archive'),
  };
}

export interface LocalStack {
  config: ClientConfig;
  dynamo: LocalDynamo;
  bus: LocalEventBus;
  scheduler: LocalScheduler;
  mailer: MailboxMailer;
  deadLetters: DeadLetters;
  consumers: LocalConsumer[];
  stores: {
    mentions: DynamoMentionStore;
    snapshots: DynamoSnapshotStore;
    alerts: DynamoAlertStore;
    rollups: DynamoRollupStore;
    postLinks: DynamoPostLinks;
    postMetrics: DynamoPostMetricsStore;
    publications: DynamoPublicationStore;
  };
  close(): Promise<void>;
}

/**
 * Vigie on one machine: the same handler factories as in AWS (functions/<x>/app.ts), given local
 * adapters — dynalite behind the real DynamoDB SDK, the in-process bus and scheduler, the mailbox.
 */
export async function createLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const { config, clock } = options;
  const env = options.env ?? process.env;
  const dynamo = await startLocalDynamo({ path: options.dynamoPath });
  const table = dynamo.table;
  const { meter } = options;
  meter?.attach(table.client);
  const deadLetters = new DeadLetters(options.deadLetterDir);
  const mailer = new MailboxMailer(options.mailDir, options.onMail, clock);
  const stores = {
    mentions: new DynamoMentionStore(table, {
      retentionDays: config.crisis.retentionDays,
      // Same rule as in AWS: a batch silent for twice the function timeout is dead.
      orphanAfterMs: 2 * 60_000,
      // The stack's clock (simulated in replay and tests): a batch's age is measured in its time.
      now: () => clock.now().getTime(),
    }),
    snapshots: new DynamoSnapshotStore(table),
    alerts: new DynamoAlertStore(table),
    rollups: new DynamoRollupStore(table),
    postLinks: new DynamoPostLinks(table),
    postMetrics: new DynamoPostMetricsStore(table),
    publications: new DynamoPublicationStore(table, publishingTimeZone(config)),
  };
  let bus: LocalEventBus | undefined;
  let scheduler: LocalScheduler | undefined;
  const consumers: LocalConsumer[] = [];
  // The publication schedules fire the publish function, like EventBridge Scheduler's target.
  const publicationScheduler = new LocalPublicationScheduler(
    () => scheduler!,
    (action: ScheduledAction) => {
      const target = consumers.find(({ spec }) => spec.trigger.kind === 'scheduler')!;
      return target.handler(action as never, localContext(target.spec.id, target.spec.timeoutSeconds));
    },
    () => clock.now(),
  );
  const publisher: EventPublisher = {
    publish: (events) => {
      meter?.add({ busEntries: events.length });
      return bus!.publish(events);
    },
  };
  const archive = new FolderRawArchive(options.archiveDir ?? join(options.mailDir, '..', 'archive'));

  const publisherDeps = {
    tokens: new EnvironmentNetworkTokens(env),
    signingSecrets: new FixedSigningSecrets(env.VIGIE_SECRET_PUBLISHER),
    now: () => clock.now(),
  };
  const dependencies = {
    config,
    mentionStore: stores.mentions,
    snapshotStore: stores.snapshots,
    alertStore: stores.alerts,
    rollupStore: stores.rollups,
    postLinks: stores.postLinks,
    postMetricsStore: stores.postMetrics,
    contributionStore: new DynamoContributionStore(table),
    // Offline by default: pulls only against a Graph API stand-in named by VIGIE_INSTAGRAM_GRAPH_URL.
    metricsPullers: env.VIGIE_INSTAGRAM_GRAPH_URL
      ? [new InstagramGraphPuller({ baseUrl: env.VIGIE_INSTAGRAM_GRAPH_URL })]
      : [],
    radarStore: new DynamoRadarStore(table),
    deliveries: new DynamoDeliveryStore(table),
    // receiveWebhook's archive is the archive queue (its messages counted as queued messages when
    // archiveWebhooks receives them); archiveWebhooks writes the folder.
    archive: new QueuedRawArchive({ send: (body) => bus!.sendMessage('webhookArchive', body) }),
    rawArchive: {
      put: (delivery: ArchivedDelivery) => {
        meter?.add({ archivePuts: 1, archiveBytes: Buffer.byteLength(JSON.stringify(delivery)) });
        return archive.put(delivery);
      },
    },
    incidentStore: new DynamoIncidentStore(table),
    publicationStore: stores.publications,
    publicationScheduler,
    // The network publishers as configured; locally they sign with VIGIE_SECRET_PUBLISHER and read
    // the tokens of VIGIE_TOKEN_<NETWORK> (the simulated clock dates what they send).
    publishers: publishersFromConfig(config, publisherDeps),
    accessCheckers: accessCheckersFromConfig(config, publisherDeps),
    quota: publishingQuotaFromConfig(config, { ...publisherDeps, published: stores.publications }),
    secrets: new EnvironmentWebhookSecrets(env),
    networkTokens: publisherDeps.tokens,
    // Locally one signing secret for all webhook publishers, one for all outbound webhooks.
    publisherSecrets: publisherDeps.signingSecrets,
    outboundWebhookSecrets: new FixedSigningSecrets(env.VIGIE_SECRET_OUTBOUND),
    linkSigningKey: async () => env.VIGIE_SECRET_LINKS ?? LOCAL_LINK_KEY,
    // Without VIGIE_API_KEY the read API refuses every call rather than being open.
    apiKey: async () => env.VIGIE_API_KEY ?? '',
    links: {
      apiUrl: options.apiUrl ?? 'http://127.0.0.1:8787',
      signingKey: async () => env.VIGIE_SECRET_LINKS ?? LOCAL_LINK_KEY,
    },
    publisher,
    mailer: {
      send: (email: OutgoingEmail) => {
        meter?.add({ emails: 1 });
        return mailer.send(email);
      },
    },
    // Locally the built-in analyzer always decides: Comprehend has no local stand-in.
    sentiment: builtinSentimentEngine,
    sentimentSource: 'builtin' as const,
    now: () => clock.now(),
    onceStore: new DynamoOnceStore(table),
  };

  const adapted = { ...dependencies, ...options.adapt?.(dependencies) };
  for (const spec of functionSpecs) {
    const module = (await import(pathToFileURL(join(REPOSITORY_ROOT, spec.dir, 'app.ts')).href)) as {
      createHandler?: (deps: unknown) => LocalConsumer['handler'];
    };
    if (typeof module.createHandler !== 'function')
      throw new Error(`${spec.dir}/app.ts must export createHandler`);
    const handler = module.createHandler({ ...adapted, ...observability(spec.id) });
    consumers.push({ spec, handler: meter ? meter.wrap(spec, handler) : handler });
  }

  bus = new LocalEventBus(consumers, {
    clock,
    deadLetters,
    deliverImmediately: options.deliverImmediately,
    onDelivery: options.onDelivery,
  });
  scheduler = new LocalScheduler(consumers, clock, deadLetters, () => bus!.drain());
  // Unlike EventBridge Scheduler, the local one forgets its schedules when it stops: a persisted
  // queue's publications are scheduled again from the table.
  if (options.dynamoPath) {
    const queue = new PublicationQueue({
      config,
      store: stores.publications,
      scheduler: publicationScheduler,
      events: publisher,
      now: () => clock.now(),
    });
    const now = clock.now().getTime();
    const day = 86_400_000;
    const queued = await stores.publications.between(
      new Date(now - day).toISOString(),
      new Date(now + 62 * day).toISOString(),
    );
    for (const publication of queued) await queue.ensureSchedules(publication);
  }

  return {
    config,
    dynamo,
    bus,
    scheduler,
    mailer,
    deadLetters,
    consumers,
    stores,
    async close() {
      await scheduler.stop();
      await bus!.drain();
      await dynamo.close();
    },
  };
}
