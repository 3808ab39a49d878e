import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { esbuildOptionsOf } from '../../infra/constructs/esbuild-options.ts';
import { vigieBundling } from '../../infra/constructs/vigie-function.ts';
import { type ClientConfig, loadClientConfig } from '../../shared/config/client-config.ts';
import { functionSpecs } from '../../shared/events/routing.ts';

/**
 * Import styles that defeat esbuild's tree shaking in the Lambda bundles (measured in
 * docs/performance.md). A failure lists the files; the zod one has a mechanical fix:
 *   sed -i "s/^import { z } from 'zod';/import * as z from 'zod';/" <files>
 */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => join(dir, file));
}

const runtimeSources = [...sourceFiles('shared'), ...sourceFiles('functions')];

function filesMatching(pattern: RegExp): string[] {
  return runtimeSources.filter((file) => pattern.test(readFileSync(file, 'utf8')));
}

describe('imports that keep the Lambda bundles small', () => {
  it('zod is imported as a namespace (`import * as z`), never as `{ z }` (which bundles every locale, ~350 KB)', () => {
    expect(filesMatching(/^import\s*\{[^}]*(?<!type\s)\bz\b[^}]*\}\s*from\s*'zod'/m)).toEqual([]);
  });

  it('Powertools parser is not used at run time (it imports zod as `{ z }` and all its schemas)', () => {
    expect(filesMatching(/^import\s+(?!type\b)[^;]*from\s*'@aws-lambda-powertools\/parser/m)).toEqual([]);
  });

  it('the check sees the slow style when it is there', () => {
    const slow = /^import\s*\{[^}]*(?<!type\s)\bz\b[^}]*\}\s*from\s*'zod'/m;
    expect(slow.test("import { z } from 'zod';")).toBe(true);
    expect(slow.test("import { type ZodType, z } from 'zod';")).toBe(true);
    expect(slow.test("import * as z from 'zod';")).toBe(false);
    expect(slow.test("import type { z } from 'zod';")).toBe(false);
  });
});

/** The packages a function's bundle is made of, built the way the CDK builds it (nothing written). */
async function bundledPackages(entry: string, config: ClientConfig): Promise<Set<string>> {
  const { metafile } = await build({
    ...esbuildOptionsOf(vigieBundling(config)),
    entryPoints: [entry],
    outfile: 'out/bundle-imports.mjs',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(Object.values(metafile.outputs)[0]!.inputs);
  return new Set(inputs.map((file) => file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? file));
}

describe('the X-Ray SDK in the bundles follows observability.sdkTracing', () => {
  const config = loadClientConfig('clients/example.json');
  const entry = 'functions/ingress/authorize-api-key/handler.ts';

  it('is off by default: no X-Ray SDK nor Powertools Tracer, the no-op stand-in instead', async () => {
    expect(config.observability.sdkTracing).toBe(false);
    const packages = await bundledPackages(entry, config);
    expect(packages.has('aws-xray-sdk-core')).toBe(false);
    expect(packages.has('@aws-lambda-powertools/tracer')).toBe(false);
    expect(packages.has('shared/runtime/tracer-off.ts')).toBe(true);
  });

  it('on, the bundle holds the Powertools Tracer and the X-Ray SDK', async () => {
    const packages = await bundledPackages(entry, { ...config, observability: { sdkTracing: true } });
    expect(packages.has('aws-xray-sdk-core')).toBe(true);
    expect(packages.has('@aws-lambda-powertools/tracer')).toBe(true);
    expect(packages.has('shared/runtime/tracer-off.ts')).toBe(false);
  });
});

describe('secrets are read through the Parameters and Secrets extension, with fetch', () => {
  const config = loadClientConfig('clients/example.json');
  const sdkSecretPackages = [
    '@aws-sdk/client-ssm',
    '@aws-sdk/client-secrets-manager',
    '@aws-lambda-powertools/parameters',
  ];

  it.each(functionSpecs.map((spec) => [spec.id, spec.dir]))(
    '%s: no SSM nor Secrets Manager client in the bundle, nor Powertools Parameters',
    async (_id, dir) => {
      const packages = await bundledPackages(`${dir}/handler.ts`, config);
      expect(sdkSecretPackages.filter((name) => packages.has(name))).toEqual([]);
    },
  );

  it('the check sees an SDK client when a bundle has one (the way it names packages)', async () => {
    const packages = await bundledPackages('functions/ingress/receive-webhook/handler.ts', config);
    expect(packages.has('@aws-sdk/client-eventbridge')).toBe(true);
  });
});
