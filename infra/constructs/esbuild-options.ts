import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

const REPRODUCED = new Set([
  'forceDockerBundling',
  'format',
  'target',
  'minify',
  'sourceMap',
  'mainFields',
  'externalModules',
  'esbuildArgs',
  'banner',
  'define',
]);

/**
 * The esbuild options the CDK derives from Vigie's bundling options, for the bench and the bundle
 * tests (which build what the CDK builds); refuses an option or argument it does not reproduce, so
 * the two cannot drift.
 */
export function esbuildOptionsOf(bundling: BundlingOptions): BuildOptions {
  const unknown = Object.keys(bundling).filter((key) => !REPRODUCED.has(key));
  if (unknown.length) throw new Error(`esbuildOptionsOf does not reproduce bundling option(s) ${unknown}`);
  const alias: Record<string, string> = {};
  for (const [flag, value] of Object.entries(bundling.esbuildArgs ?? {})) {
    if (flag !== '--alias' || typeof value === 'boolean')
      throw new Error(`esbuild argument ${flag} not reproduced`);
    for (const pair of Array.isArray(value) ? value : [value]) {
      const [from, to] = pair.split('=');
      alias[from!] = to!;
    }
  }
  return {
    bundle: true,
    platform: 'node',
    format: bundling.format as 'esm',
    target: bundling.target,
    minify: bundling.minify,
    sourcemap: bundling.sourceMap,
    mainFields: bundling.mainFields,
    external: bundling.externalModules,
    alias,
    banner: bundling.banner ? { js: bundling.banner } : undefined,
    define: bundling.define,
  };
}
