/**
 * Bundle size and module initialisation time of every Lambda, built exactly as the CDK builds them
 * (esbuild, ESM, node22, minified), with the AWS SDK v3 bundled (what Vigie ships) and excluded
 * (the runtime's SDK) side by side.
 *
 *   npx tsx bench/bundles.ts [runs=7]
 *
 * Init time: a fresh `node` process imports the bundle (which builds its clients and reads its
 * configuration at module scope); the time of that import is measured inside the process, median
 * of the runs. Node's own start-up is not included.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { loadClientConfig } from '../shared/config/client-config.ts';
import { functionSpecs } from '../shared/events/routing.ts';

const runs = Number(process.argv[2] ?? 7);
const config = loadClientConfig('clients/example.json');
// Inside the repository, so that "SDK excluded" bundles resolve @aws-sdk from node_modules like the runtime would.
mkdirSync('node_modules/.cache', { recursive: true });
const outRoot = mkdtempSync(join(resolve('node_modules/.cache'), 'vigie-bundles-'));

async function bundle(entry: string, outfile: string, sdk: 'bundled' | 'external'): Promise<number> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    mainFields: ['module', 'main'],
    external: sdk === 'external' ? ['@aws-sdk/*', '@smithy/*'] : [],
    banner: { js: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);" },
    define: { 'process.env.VIGIE_CLIENT_CONFIG': JSON.stringify(JSON.stringify(config)) },
    logLevel: 'silent',
  });
  return statSync(outfile).size;
}

function initMs(file: string): number {
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
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        TABLE_NAME: 'vigie-bench',
        EVENT_BUS_NAME: 'vigie-bench',
        ORPHAN_AFTER_MS: '120000',
        ARCHIVE_BUCKET: 'vigie-bench',
        API_URL: 'https://example.execute-api.eu-west-3.amazonaws.com',
        LINK_SIGNING_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-3:111111111111:secret:link',
        API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-3:111111111111:secret:api',
        POWERTOOLS_METRICS_DISABLED: 'true',
      },
      encoding: 'utf8',
    });
    times.push(Number(output.trim()));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const rows: string[][] = [];
for (const spec of functionSpecs) {
  const entry = `${spec.dir}/handler.ts`;
  const bundled = join(outRoot, `${spec.id}.bundled.mjs`);
  const external = join(outRoot, `${spec.id}.external.mjs`);
  const bundledSize = await bundle(entry, bundled, 'bundled');
  const externalSize = await bundle(entry, external, 'external');
  rows.push([
    spec.id,
    `${(bundledSize / 1024).toFixed(0)} KB`,
    `${initMs(bundled).toFixed(0)} ms`,
    `${(externalSize / 1024).toFixed(0)} KB`,
    `${initMs(external).toFixed(0)} ms`,
  ]);
}

const header = ['function', 'SDK bundled: size', 'init (median)', 'SDK external: size', 'init (median)'];
const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
console.log(
  `Lambda bundles, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${runs} runs each`,
);
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of rows) console.log(line(row));
