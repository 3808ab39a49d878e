import type { Tracer as PowertoolsTracer } from '@aws-lambda-powertools/tracer';
import type { captureLambdaHandler as powertoolsCaptureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';

/**
 * Stands in for `@aws-lambda-powertools/tracer` and `@aws-lambda-powertools/tracer/middleware` in
 * the Lambda bundles when `observability.sdkTracing` is off (the default; an esbuild alias chosen by
 * `vigieBundling`), so that the bundles hold no X-Ray SDK (aws-xray-sdk-core, semver, cls-hooked:
 * ~116 KB). Lambda's active tracing still records a segment per invocation; only the subsegments
 * of the handler and of each SDK call are gone. The local stack and the tests use the real Tracer.
 * Only the surface that shared/runtime/observability.ts uses, typed against the real one.
 */
export class Tracer {
  captureAWSv3Client: PowertoolsTracer['captureAWSv3Client'] = (client) => client;
}

/** middy refuses a middleware without a hook: this one does nothing before the handler. */
export const captureLambdaHandler: typeof powertoolsCaptureLambdaHandler = () => ({
  before: () => undefined,
});
