/**
 * Locally, Powertools' JSON logs and EMF metrics of every in-process "Lambda" would drown what the
 * CLI prints: warnings only, metrics off, unless --verbose. Must run before the handlers are built.
 */
export function quietLambdaTooling(verbose = false): void {
  process.env.POWERTOOLS_LOG_LEVEL ??= verbose ? 'INFO' : 'WARN';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
