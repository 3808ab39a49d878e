import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MAX_ARCHIVE_MESSAGE_BYTES } from '../../shared/adapters/archive-queue.ts';
import type { ClientConfig } from '../../shared/config/client-config.ts';
import {
  type Capability,
  deadLetterQueueName,
  deliveryPolicy,
  eventPatternOf,
  type FunctionSpec,
  type QueueName,
  specsOf,
} from '../../shared/events/routing.ts';
import type { Core } from './core.ts';
import { acknowledgeNag } from './nag.ts';
import { VigieFunction } from './vigie-function.ts';

export interface CapabilityProps {
  config: ClientConfig;
  core: Core;
  logRetention: RetentionDays;
  /** Needed by capabilities that own HTTP routes. */
  httpApi?: HttpApi;
  /** Needed by capabilities with read routes (`auth: 'apiKey'`) that do not own the authorizer. */
  apiKeyAuthorizer?: HttpLambdaAuthorizer;
}

/**
 * A function with its failure path: its capability's DLQ (shared by every function of the
 * capability), and for burst-absorbing consumers the SQS buffer (a rule's, or a `queue` trigger's).
 */
export interface WiredFunction {
  readonly fn: VigieFunction;
  readonly deadLetterQueue: Queue;
  readonly buffer?: Queue;
}

/** The environment variable holding a queue's URL for the functions that send to it. */
export function queueUrlVariable(queue: QueueName): string {
  return `${queue.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()}_QUEUE_URL`;
}

/**
 * Base of the capability constructs: creates the functions that the routing table assigns to the
 * capability, with their grants (verb by verb) and triggers (rules, queues, schedules, routes).
 */
export class CapabilityConstruct extends Construct {
  readonly functions: readonly WiredFunction[];
  /**
   * One DLQ for the whole capability (an alarm is billed per queue watched): rule-target DLQ,
   * on-failure destination and buffer redrive target of each of its functions.
   */
  readonly deadLetterQueue: Queue;
  /** The queues of this capability's `queue` triggers, by name (their senders are in the capability). */
  readonly queues: ReadonlyMap<QueueName, Queue>;
  /** The API key authorizer, when this capability owns it (ingress). */
  apiKeyAuthorizer?: HttpLambdaAuthorizer;

  constructor(scope: Construct, id: string, capability: Capability, props: CapabilityProps) {
    super(scope, id);
    this.deadLetterQueue = secureQueue(this, 'Dlq', {
      queueName: deadLetterQueueName(Stack.of(this).stackName, capability),
      retentionPeriod: Duration.days(deliveryPolicy.dlqRetentionDays),
    });
    acknowledgeNag(
      this.deadLetterQueue,
      'SQS3',
      'this queue is a dead-letter queue (rule target DLQ, on-failure destination, buffers’ redrive target)',
    );
    const queues = new Map<QueueName, Queue>();
    for (const spec of specsOf(capability)) {
      if (spec.trigger.kind !== 'queue') continue;
      queues.set(
        spec.trigger.queue,
        secureQueue(this, `${spec.id}Queue`, {
          visibilityTimeout: Duration.seconds(spec.timeoutSeconds * 6),
          deadLetterQueue: {
            queue: this.deadLetterQueue,
            maxReceiveCount: deliveryPolicy.queueMaxReceiveCount,
          },
          // SQS's largest: the senders' adapters refuse (and count) what would not fit.
          maxMessageSizeBytes: MAX_ARCHIVE_MESSAGE_BYTES,
        }),
      );
    }
    this.queues = queues;
    this.functions = specsOf(capability).map((spec) => this.wire(spec, props));
  }

  private queueNamed(queue: QueueName, spec: FunctionSpec): Queue {
    const found = this.queues.get(queue);
    if (!found) throw new Error(`${spec.id} sends to ${queue}, which no function of its capability drains`);
    return found;
  }

  private wire(spec: FunctionSpec, props: CapabilityProps): WiredFunction {
    const { core, config } = props;
    const deadLetterQueue = this.deadLetterQueue;
    const environment: Record<string, string> = { TABLE_NAME: core.table.tableName };
    if (spec.access.putEvents) environment.EVENT_BUS_NAME = core.bus.eventBusName;
    if (spec.access.linkSigning) environment.LINK_SIGNING_SECRET_ARN = core.linkSigningKey.secretArn;
    if (spec.access.apiKey) environment.API_KEY_SECRET_ARN = core.apiKey.secretArn;
    if (spec.access.archive) environment.ARCHIVE_BUCKET = core.rawArchive.bucketName;
    for (const queue of spec.access.sendMessages)
      environment[queueUrlVariable(queue)] = this.queueNamed(queue, spec).queueUrl;
    // Emails carry links back to the API (acknowledge an incident).
    if (spec.access.sendEmail && props.httpApi) environment.API_URL = props.httpApi.apiEndpoint;
    if (spec.trigger.kind === 'events' && spec.trigger.delivery === 'queue') {
      // Longer than any invocation: a batch still in flight is never mistaken for a dead one.
      environment.ORPHAN_AFTER_MS = String(spec.timeoutSeconds * 2 * 1000);
    }
    const fn = new VigieFunction(this, spec.id, {
      spec,
      config,
      environment,
      logRetention: props.logRetention,
    });
    this.grant(fn, spec, props);

    const retry = {
      deadLetterQueue,
      retryAttempts: deliveryPolicy.ruleTargetRetryAttempts,
      maxEventAge: Duration.hours(deliveryPolicy.ruleTargetMaxEventAgeHours),
    };
    const trigger = spec.trigger;
    switch (trigger.kind) {
      case 'events': {
        const rule = new Rule(this, `${spec.id}Rule`, {
          eventBus: core.bus,
          eventPattern: eventPatternOf(spec),
          description: `${trigger.events.join(', ')} → ${spec.id}`,
        });
        if (trigger.delivery === 'queue') {
          const buffer = secureQueue(this, `${spec.id}Buffer`, {
            visibilityTimeout: Duration.seconds(spec.timeoutSeconds * 6),
            deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: deliveryPolicy.queueMaxReceiveCount },
          });
          rule.addTarget(new SqsQueue(buffer, retry));
          fn.addEventSource(
            new SqsEventSource(buffer, {
              batchSize: trigger.batchSize,
              maxBatchingWindow: Duration.seconds(trigger.batchWindowSeconds),
              reportBatchItemFailures: true,
            }),
          );
          return { fn, deadLetterQueue, buffer };
        }
        rule.addTarget(new LambdaFunction(fn, retry));
        fn.configureAsyncInvoke({
          onFailure: new SqsDestination(deadLetterQueue),
          retryAttempts: deliveryPolicy.asyncInvokeRetryAttempts,
        });
        return { fn, deadLetterQueue };
      }
      case 'schedule': {
        new Rule(this, `${spec.id}Schedule`, {
          schedule: Schedule.expression(trigger.expression),
          description: `${trigger.expression} → ${spec.id}`,
        }).addTarget(new LambdaFunction(fn, retry));
        fn.configureAsyncInvoke({
          onFailure: new SqsDestination(deadLetterQueue),
          retryAttempts: deliveryPolicy.asyncInvokeRetryAttempts,
        });
        return { fn, deadLetterQueue };
      }
      case 'http': {
        if (!props.httpApi) throw new Error(`${spec.id} has HTTP routes but no HTTP API was given`);
        const integration = new HttpLambdaIntegration(`${spec.id}Integration`, fn);
        for (const route of trigger.routes) {
          const authorizer =
            route.auth === 'apiKey' ? (this.apiKeyAuthorizer ?? props.apiKeyAuthorizer) : undefined;
          if (route.auth && !authorizer)
            throw new Error(`${spec.id}: ${route.path} needs the API key authorizer`);
          const added = props.httpApi.addRoutes({
            path: route.path,
            methods: [HttpMethod[route.method]],
            integration,
            authorizer,
          });
          if (authorizer) continue;
          for (const addedRoute of added) {
            acknowledgeNag(
              addedRoute,
              'APIG4',
              'the function authenticates the caller itself: webhook signature or token, or the signed link',
            );
          }
        }
        // Synchronous: the sender's retry (after a 5xx) is the failure path; the DLQ catches
        // anything invoked asynchronously by mistake.
        fn.configureAsyncInvoke({ onFailure: new SqsDestination(deadLetterQueue), retryAttempts: 0 });
        return { fn, deadLetterQueue };
      }
      case 'queue': {
        // Polled by Lambda (synchronous invokes): failed records are redelivered by SQS, then moved
        // to the capability's DLQ by the queue's redrive policy, as a rule's buffer does.
        const queue = this.queueNamed(trigger.queue, spec);
        fn.addEventSource(
          new SqsEventSource(queue, {
            batchSize: trigger.batchSize,
            maxBatchingWindow: Duration.seconds(trigger.batchWindowSeconds),
            reportBatchItemFailures: true,
          }),
        );
        return { fn, deadLetterQueue, buffer: queue };
      }
      case 'scheduler': {
        // Invoked asynchronously by EventBridge Scheduler (which has its own retries and DLQ).
        fn.configureAsyncInvoke({
          onFailure: new SqsDestination(deadLetterQueue),
          retryAttempts: deliveryPolicy.asyncInvokeRetryAttempts,
        });
        return { fn, deadLetterQueue };
      }
      case 'authorizer': {
        this.apiKeyAuthorizer = new HttpLambdaAuthorizer('ApiKeyAuthorizer', fn, {
          responseTypes: [HttpLambdaResponseType.SIMPLE],
          identitySource: ['$request.header.Authorization'],
          resultsCacheTtl: Duration.minutes(5),
        });
        fn.configureAsyncInvoke({ onFailure: new SqsDestination(deadLetterQueue), retryAttempts: 0 });
        return { fn, deadLetterQueue };
      }
    }
  }

  private grant(fn: VigieFunction, spec: FunctionSpec, { core, config }: CapabilityProps): void {
    if (spec.access.table.length) {
      core.table.grant(fn, ...spec.access.table.map((action) => `dynamodb:${action}`));
    }
    if (spec.access.putEvents) core.bus.grantPutEventsTo(fn);
    if (spec.access.sendEmail) {
      const stack = Stack.of(this);
      const senderDomain = config.alerts.sender.split('@')[1];
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['ses:SendEmail', 'ses:SendRawEmail'],
          resources: [config.alerts.sender, senderDomain].map(
            (identity) => `arn:${stack.partition}:ses:${stack.region}:${stack.account}:identity/${identity}`,
          ),
        }),
      );
    }
    if (spec.access.linkSigning) core.linkSigningKey.grantRead(fn);
    if (spec.access.apiKey) core.apiKey.grantRead(fn);
    if (spec.access.archive) {
      // PutObject only, under raw/: not grantPut's Abort* and PutObject* (ACLs, tags, retention).
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['s3:PutObject'],
          resources: [core.rawArchive.arnForObjects('raw/*')],
        }),
      );
      acknowledgeNag(
        fn,
        'IAM5[Resource::<CoreRawArchiveB347A602.Arn>/raw/*]',
        'one object per delivery: the keys cannot be listed in advance; PutObject only, under raw/',
      );
    }
    for (const queue of spec.access.sendMessages) {
      // SendMessage only: not grantSendMessages' GetQueueAttributes and GetQueueUrl (the URL is given).
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['sqs:SendMessage'],
          resources: [this.queueNamed(queue, spec).queueArn],
        }),
      );
    }
    // The secrets the client file names are Parameter Store SecureStrings (shared/adapters/parameter-store.ts).
    const secureStrings = [
      ...(spec.access.networkTokens
        ? Object.values(config.accounts).map((account) => account.tokenSecretName)
        : []),
      ...(spec.access.webhookSecrets ? config.webhooks.map((hook) => hook.secretName) : []),
      ...(spec.access.publisherSecrets
        ? Object.values(config.publishers).flatMap((publisher) =>
            publisher?.kind === 'webhook' ? [publisher.secretName] : [],
          )
        : []),
      ...(spec.access.outboundWebhookSecrets ? config.outboundWebhooks.map((hook) => hook.secretName) : []),
    ];
    if (secureStrings.length) {
      const stack = Stack.of(this);
      // GetParameter only, on exactly these parameters. No KMS grant: they are encrypted with the
      // AWS-managed `aws/ssm` key, whose key policy lets every principal of the account decrypt through
      // Parameter Store (AWS Systems Manager User Guide, "Restricting decryption of SecureString
      // parameter values"); who reads a value is decided by ssm:GetParameter alone, and Vigie has the
      // account to itself.
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['ssm:GetParameter'],
          resources: [...new Set(secureStrings)].map((name) =>
            stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: name.slice(1) }),
          ),
        }),
      );
    }
  }
}

function secureQueue(scope: Construct, id: string, props: ConstructorParameters<typeof Queue>[2]): Queue {
  return new Queue(scope, id, { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, ...props });
}
