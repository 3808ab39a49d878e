/**
 * Bundle size and module initialisation time of every Lambda of the routing table, built with the
 * bundling options of infra/constructs/vigie-function.ts (`vigieBundling`, what the CDK runs), and
 * the same with the SDK's generated schemas tree-shakable (what a pending upstream fix would save,
 * bench/lib/literal-schema-keys.ts) and with the AWS SDK v3 left out (the Lambda runtime's copy),
 * side by side; then the biggest inputs of each bundle (esbuild metafile), grouped by package.
 *
 *   npx tsx bench/bundles.ts [runs=5] [--top=8]
 *
 * Init time: a fresh `node` process imports the bundle (which builds its clients and reads its
 * configuration at module scope); the time of that import is measured inside the process, median
 * of the runs. Node's own start-up is not included.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { esbuildOptionsOf } from '../infra/constructs/esbuild-options.ts';
import { vigieBundling } from '../infra/constructs/vigie-function.ts';
import { loadClientConfig } from '../shared/config/client-config.ts';
import { functionSpecs } from '../shared/events/routing.ts';
import { literalSchemaKeys } from './lib/literal-schema-keys.ts';

const runs = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 5);
const top = Number(process.argv.find((arg) => arg.startsWith('--top='))?.slice(6) ?? 8);
const config = loadClientConfig('clients/example.json');
// Inside the repository (out/ is ignored by git), so that bundles without the SDK resolve @aws-sdk
// from node_modules as they would from the runtime's.
mkdirSync('out', { recursive: true });
const outRoot = mkdtempSync(join(resolve('out'), 'bench-bundles-'));

const asBuilt = esbuildOptionsOf(vigieBundling(config));
const variants: Record<string, BuildOptions> = {
  'SDK bundled (as built)': asBuilt,
  // The SDK left to the runtime, so are the aliases into it; the others (the tracer's) stay.
  // As built, with the SDK's unused schemas dropped as they will be once the upstream fix ships.
  'upstream schema fix': { ...asBuilt, plugins: [literalSchemaKeys] },
  "runtime's SDK": {
    ...asBuilt,
    external: ['@aws-sdk/*', '@smithy/*'],
    alias: Object.fromEntries(
      Object.entries(asBuilt.alias ?? {}).filter(([from]) => !/^@(aws-sdk|smithy)\//.test(from)),
    ),
  },
};

async function bundle(entry: string, outfile: string, options: BuildOptions): Promise<Metafile> {
  const result = await build({
    ...options,
    entryPoints: [entry],
    outfile,
    metafile: true,
    logLevel: 'silent',
  });
  return result.metafile;
}

/** Median and fastest of the runs (on a shared machine the fastest is the least disturbed). */
function initMs(file: string): { median: number; min: number } {
  const probe = join(outRoot, 'probe.mjs');
  writeFileSync(
    probe,
    `const t = performance.now(); await import(${JSON.stringify(`file://${file}`)}); console.log(performance.now() - t);`,
  );
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const output = execFileSync(process.execPath, [probe], {
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'eu-west-3',
        AWS_ACCESS_KEY_ID: 'bench',
        AWS_SECRET_ACCESS_KEY: 'bench',
        // What Lambda and the Parameters and Secrets layer set (read at init, called only when invoked).
        AWS_SESSION_TOKEN: 'bench',
        PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: '2773',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        TABLE_NAME: 'vigie-bench',
        EVENT_BUS_NAME: 'vigie-bench',
        ORPHAN_AFTER_MS: '120000',
        ARCHIVE_BUCKET: 'vigie-bench',
        WEBHOOK_ARCHIVE_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/111111111111/vigie-bench-archive',
        API_URL: 'https://example.execute-api.eu-west-3.amazonaws.com',
        LINK_SIGNING_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-3:111111111111:secret:link',
        API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-3:111111111111:secret:api',
        SCHEDULE_GROUP: 'vigie-bench-publications',
        SCHEDULE_TARGET_ARN: 'arn:aws:lambda:eu-west-3:111111111111:function:vigie-bench-publish-publication',
        SCHEDULER_ROLE_ARN: 'arn:aws:iam::111111111111:role/vigie-bench-scheduler',
        SCHEDULE_DLQ_ARN: 'arn:aws:sqs:eu-west-3:111111111111:vigie-bench-schedule-dlq',
        POWERTOOLS_METRICS_DISABLED: 'true',
      },
      encoding: 'utf8',
    });
    times.push(Number(output.trim()));
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]! };
}

/** Output bytes per package (node_modules) or per project folder. */
function inputsByPackage(metafile: Metafile): [string, number][] {
  const output = Object.values(metafile.outputs)[0]!;
  const sizes = new Map<string, number>();
  for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
    const inPackage = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
    const name = inPackage ? inPackage[1]! : file.split('/').slice(0, 2).join('/');
    sizes.set(name, (sizes.get(name) ?? 0) + bytesInOutput);
  }
  return [...sizes].sort((a, b) => b[1] - a[1]);
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const rows: string[][] = [];
const composition: string[] = [];
try {
  for (const spec of functionSpecs) {
    const entry = `${spec.dir}/handler.ts`;
    const row: string[] = [spec.id];
    for (const [index, options] of Object.values(variants).entries()) {
      const outfile = join(outRoot, `${spec.id}.${index}.mjs`);
      const metafile = await bundle(entry, outfile, options);
      const init = initMs(outfile);
      row.push(
        kb(Object.values(metafile.outputs)[0]!.bytes),
        `${init.median.toFixed(0)} ms (${init.min.toFixed(0)})`,
      );
      if (index === 0) {
        const parts = inputsByPackage(metafile).slice(0, top);
        composition.push(`| ${spec.id} | ${parts.map(([pkg, bytes]) => `${pkg} ${kb(bytes)}`).join(', ')} |`);
      }
    }
    rows.push(row);
  }
} finally {
  rmSync(outRoot, { recursive: true, force: true });
}

const header = [
  'function',
  ...Object.keys(variants).flatMap((name) => [`${name}: size`, 'init: median (min)']),
];
const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
console.log(
  `Lambda bundles, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${runs} runs each`,
);
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of rows) console.log(line(row));
console.log(`\nBiggest inputs of each bundle as built (top ${top}, minified bytes)`);
console.log('| function | inputs |\n|---|---|');
for (const row of composition) console.log(row);
