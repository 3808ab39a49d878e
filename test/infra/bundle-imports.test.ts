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
 * docs/performance.md). A failure lists the files. zod comes as `zod/mini` only: classic zod's
 * schemas carry every method (~97 KB a bundle, none of it tree-shaken), and a bundle loses it only
 * when nothing it includes imports it.
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

/** The module that sets zod's English messages, the one place a locale is imported. */
const ENGLISH_MESSAGES = join('shared', 'config', 'zod-english-messages.ts');
const ZOD_IMPORT = /^import\b[^;]*?\bfrom\s*'zod(?:\/[^']*)?';/gm;
const MINI_NAMESPACE = /^import (?:type )?\* as z from 'zod\/mini';$/;
const ENGLISH_LOCALE = "import en from 'zod/v4/locales/en.js';";

/** The zod imports of a source that are not `import * as z from 'zod/mini'` (nor the English locale, in its module). */
function otherZodImports(file: string, text: string): string[] {
  return (text.match(ZOD_IMPORT) ?? []).filter(
    (line) => !MINI_NAMESPACE.test(line) && !(file === ENGLISH_MESSAGES && line === ENGLISH_LOCALE),
  );
}

describe('imports that keep the Lambda bundles small', () => {
  it("zod is imported as `import * as z from 'zod/mini'` only: no classic 'zod', no `{ z }`, no other entry", () => {
    const offenders = runtimeSources.flatMap((file) =>
      otherZodImports(file, readFileSync(file, 'utf8')).map((line) => `${file}: ${line}`),
    );
    expect(offenders).toEqual([]);
  });

  it('no `z.locales` (the namespace of every locale, ~250 KB): the English one comes from its own module', () => {
    expect(filesMatching(/\bz\.locales\b/)).toEqual([]);
    expect(readFileSync(ENGLISH_MESSAGES, 'utf8')).toContain(ENGLISH_LOCALE);
  });

  it('Powertools parser is not used at run time (it imports zod as `{ z }` and all its schemas)', () => {
    expect(filesMatching(/^import\s+(?!type\b)[^;]*from\s*'@aws-lambda-powertools\/parser/m)).toEqual([]);
  });

  it('the check sees the other styles when they are there', () => {
    const others = (text: string) => otherZodImports('shared/x.ts', text);
    expect(others("import * as z from 'zod';")).toEqual(["import * as z from 'zod';"]);
    expect(others("import { z } from 'zod';")).toEqual(["import { z } from 'zod';"]);
    expect(others("import { type ZodType, z } from 'zod';")).toEqual([
      "import { type ZodType, z } from 'zod';",
    ]);
    expect(others("import type { z } from 'zod';")).toEqual(["import type { z } from 'zod';"]);
    expect(others("import { z } from 'zod/mini';")).toEqual(["import { z } from 'zod/mini';"]);
    expect(others("import * as z from 'zod/v4';")).toEqual(["import * as z from 'zod/v4';"]);
    expect(others(ENGLISH_LOCALE)).toEqual([ENGLISH_LOCALE]);
    expect(others("import * as z from 'zod/mini';\nimport type * as z from 'zod/mini';")).toEqual([]);
    expect(otherZodImports(ENGLISH_MESSAGES, ENGLISH_LOCALE)).toEqual([]);
  });
});

/** The input files of a function's bundle, built the way the CDK builds it (nothing written). */
async function bundledInputs(entry: string, config: ClientConfig): Promise<string[]> {
  const { metafile } = await build({
    ...esbuildOptionsOf(vigieBundling(config)),
    entryPoints: [entry],
    outfile: 'out/bundle-imports.mjs',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(Object.values(metafile.outputs)[0]!.inputs);
}

/** The packages a function's bundle is made of. */
async function bundledPackages(entry: string, config: ClientConfig): Promise<Set<string>> {
  const inputs = await bundledInputs(entry, config);
  return new Set(inputs.map((file) => file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? file));
}

describe('zod in the bundles', () => {
  const config = loadClientConfig('clients/example.json');

  it('no function bundles classic zod, and every one holding zod holds its English messages', async () => {
    const bundles = await Promise.all(
      functionSpecs.map(async (spec) => ({
        name: spec.id,
        inputs: await bundledInputs(`${spec.dir}/handler.ts`, config),
      })),
    );
    const classic = bundles.filter(({ inputs }) => inputs.some((file) => file.includes('zod/v4/classic/')));
    expect(classic.map(({ name }) => name)).toEqual([]);
    const withZod = bundles.filter(({ inputs }) => inputs.some((file) => file.includes('node_modules/zod/')));
    const withoutEnglish = withZod.filter(
      ({ inputs }) =>
        !inputs.some((file) => file.endsWith('node_modules/zod/v4/locales/en.js')) ||
        !inputs.includes('shared/config/zod-english-messages.ts'),
    );
    expect(withoutEnglish.map(({ name }) => name)).toEqual([]);
    // All validate something (their event, query or body, and the client configuration) but the
    // authorizer and archiveWebhooks (it reads a queue message it checks by hand, and no configuration).
    expect(bundles.filter((bundle) => !withZod.includes(bundle)).map(({ name }) => name)).toEqual([
      'archiveWebhooks',
      'authorizeApiKey',
    ]);
  }, 120_000);
});

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

describe('the webhook acknowledgement path holds no S3 client', () => {
  const config = loadClientConfig('clients/example.json');

  it('receiveWebhook queues the raw body with SQS: no @aws-sdk/client-s3 nor its S3 middleware in its bundle', async () => {
    const packages = await bundledPackages('functions/ingress/receive-webhook/handler.ts', config);
    expect(packages.has('@aws-sdk/client-s3')).toBe(false);
    expect(packages.has('@aws-sdk/middleware-sdk-s3')).toBe(false);
    expect(packages.has('@aws-sdk/client-sqs')).toBe(true);
  });

  it('archiveWebhooks, off that path, is the one that bundles it (and no zod: it reads no configuration)', async () => {
    const packages = await bundledPackages('functions/ingress/archive-webhooks/handler.ts', config);
    expect(packages.has('@aws-sdk/client-s3')).toBe(true);
    expect(packages.has('@aws-sdk/client-sqs')).toBe(false);
    expect(packages.has('zod')).toBe(false);
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
