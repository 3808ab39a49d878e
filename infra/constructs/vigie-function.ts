import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import {
  Architecture,
  LoggingFormat,
  ParamsAndSecretsLayerVersion,
  ParamsAndSecretsVersions,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { ClientConfig } from '../../shared/config/client-config.ts';
import type { FunctionSpec } from '../../shared/events/routing.ts';
import { METRICS_NAMESPACE } from '../../shared/runtime/observability.ts';
import { acknowledgeNag } from './nag.ts';

export interface VigieFunctionProps {
  spec: FunctionSpec;
  config: ClientConfig;
  environment: Record<string, string>;
  logRetention: RetentionDays;
}

/**
 * How every Vigie bundle is built, in one place: the CDK uses it and bench/bundles.ts measures it.
 * ESM, minified, no source map; the AWS SDK v3 bundled and tree-shaken (a bundled SDK initialises
 * about twice as fast as the runtime's copy: see docs/performance.md), with the SDK's default
 * credential chain replaced by the environment provider (Lambda always hands credentials over in
 * environment variables; the chain's SSO/STS/login clients were ~130 KB of every bundle). Unless
 * `observability.sdkTracing` is on, the Powertools Tracer is replaced by a no-op
 * (shared/runtime/tracer-off.ts), which leaves the X-Ray SDK out; active tracing stays on. The
 * SDK's event-stream codec, which no operation Vigie calls uses, is left out too
 * (shared/runtime/no-event-streams.ts).
 */
export function vigieBundling(config: ClientConfig): BundlingOptions {
  return {
    forceDockerBundling: false,
    format: OutputFormat.ESM,
    target: 'node22',
    minify: true,
    sourceMap: false,
    mainFields: ['module', 'main'],
    externalModules: [],
    esbuildArgs: {
      '--alias': [
        `@aws-sdk/credential-provider-node=${LAMBDA_CREDENTIALS}`,
        `@smithy/core/event-streams=${NO_EVENT_STREAMS}`,
        ...(config.observability.sdkTracing ? [] : TRACER_MODULES.map((module) => `${module}=${TRACER_OFF}`)),
      ],
    },
    // ESM bundles of CommonJS dependencies need a `require`.
    banner: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);",
    define: { 'process.env.VIGIE_CLIENT_CONFIG': JSON.stringify(JSON.stringify(config)) },
  };
}

const LAMBDA_CREDENTIALS = fileURLToPath(
  new URL('../../shared/runtime/lambda-credentials.ts', import.meta.url),
);
const NO_EVENT_STREAMS = fileURLToPath(new URL('../../shared/runtime/no-event-streams.ts', import.meta.url));
const TRACER_MODULES = ['@aws-lambda-powertools/tracer', '@aws-lambda-powertools/tracer/middleware'];
const TRACER_OFF = fileURLToPath(new URL('../../shared/runtime/tracer-off.ts', import.meta.url));

/**
 * Whether the function reads a secret: a Parameter Store SecureString the client file names, or one
 * of the stack's two Secrets Manager secrets. Every secret-reading access flag, by name.
 */
export function readsSecrets(access: FunctionSpec['access']): boolean {
  return (
    access.webhookSecrets ||
    access.networkTokens ||
    access.publisherSecrets ||
    access.outboundWebhookSecrets ||
    access.linkSigning ||
    access.apiKey
  );
}

/**
 * The AWS Parameters and Secrets Lambda Extension (AWS-managed layer, newest version the CDK knows,
 * its ARN from the CDK's region facts: synth stays offline), for the functions that read a secret
 * (shared/adapters/parameters-and-secrets-extension.ts). Values are cached 5 minutes (the most it
 * allows), as Powertools Parameters cached them before: rotation is picked up within 5 minutes.
 */
export const paramsAndSecretsLayer = ParamsAndSecretsLayerVersion.fromVersion(
  ParamsAndSecretsVersions.V1_0_103,
  {
    cacheEnabled: true,
    parameterStoreTtl: Duration.minutes(5),
    secretsManagerTtl: Duration.minutes(5),
  },
);

/**
 * Every Vigie Lambda: Node.js 22 on arm64, bundled by the local esbuild (no Docker) as
 * `vigieBundling` says, the client configuration inlined at synth, X-Ray active tracing, JSON logs
 * kept for a bounded time; the Parameters and Secrets extension for those that read a secret.
 */
export class VigieFunction extends NodejsFunction {
  readonly spec: FunctionSpec;

  constructor(scope: Construct, id: string, props: VigieFunctionProps) {
    const { spec, config } = props;
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: props.logRetention });
    super(scope, id, {
      entry: `${spec.dir}/handler.ts`,
      handler: 'handler',
      description: spec.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: spec.id,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        VIGIE_CLIENT: config.client.name,
        ...props.environment,
      },
      bundling: vigieBundling(config),
      paramsAndSecrets: readsSecrets(spec.access) ? paramsAndSecretsLayer : undefined,
    });
    this.spec = spec;
    acknowledgeNag(
      this,
      'L1',
      'Node.js 22 is the runtime Vigie targets and tests; moving to 24 is a deliberate upgrade',
    );
    acknowledgeNag(
      this,
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'the basic execution role only lets the function write its own logs',
    );
    acknowledgeNag(
      this,
      'IAM5[Resource::*]',
      'X-Ray PutTraceSegments/PutTelemetryRecords have no resource-level permissions',
    );
  }
}
