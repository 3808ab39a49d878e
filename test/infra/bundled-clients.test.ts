import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptionsOf } from '../../infra/constructs/esbuild-options.ts';
import { vigieBundling } from '../../infra/constructs/vigie-function.ts';
import { loadClientConfig } from '../../shared/config/client-config.ts';
import { type LocalDynamo, startLocalDynamo } from '../../shared/local/dynamo.ts';
import { eventStreamSerdeProvider } from '../../shared/runtime/no-event-streams.ts';
import type { Probe, handler as probeHandler } from './bundled-clients.entry.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** EventBridge and S3 on a loopback port: records each request and answers as the service would. */
function startStandIn(received: Received[]): Promise<Server> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      if (request.headers['x-amz-target'] === 'AWSEvents.PutEvents') {
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify({ FailedEntryCount: 0, Entries: [{ EventId: 'event-1' }] }));
      } else {
        response.writeHead(200, { etag: '"etag-1"' });
        response.end();
      }
    });
  });
  return new Promise((resolveServer) => server.listen(0, '127.0.0.1', () => resolveServer(server)));
}

const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'probe', AWS_SECRET_ACCESS_KEY: 'probe', AWS_REGION: 'eu-west-3' };

const example = loadClientConfig('clients/example.json');

describe.each([
  { tracing: 'off (the default)', config: example },
  { tracing: 'on', config: { ...example, observability: { sdkTracing: true } } },
])('AWS SDK clients bundled as vigieBundling bundles them, SDK tracing $tracing', ({ config }) => {
  const outDir = resolve('out', `bundled-clients-${randomUUID()}`);
  const received: Received[] = [];
  let dynamo: LocalDynamo;
  let standIn: Server;
  let bundled: { handler: typeof probeHandler };
  let inputs: string[];
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    const outfile = `${outDir}/probe.mjs`;
    const { metafile } = await build({
      ...esbuildOptionsOf(vigieBundling(config)),
      entryPoints: ['test/infra/bundled-clients.entry.ts'],
      outfile,
      metafile: true,
      logLevel: 'silent',
    });
    inputs = Object.keys(metafile.inputs);
    // The bundle's credential chain is the environment provider (lambda-credentials.ts), as in Lambda.
    Object.assign(process.env, CREDENTIALS);
    [dynamo, standIn] = await Promise.all([startLocalDynamo(), startStandIn(received)]);
    bundled = await import(/* @vite-ignore */ pathToFileURL(outfile).href);
  });

  afterAll(async () => {
    process.env = savedEnv;
    await Promise.all([dynamo?.close(), new Promise((done) => standIn?.close(done))]);
    rmSync(outDir, { recursive: true, force: true });
  });

  it('is built with the stand-ins, without the event-stream codec, the X-Ray SDK only with tracing on', () => {
    expect(inputs).toEqual(
      expect.arrayContaining(['shared/runtime/no-event-streams.ts', 'shared/runtime/lambda-credentials.ts']),
    );
    expect(inputs.filter((file) => /event-streams\/|credential-provider-node/.test(file))).toEqual([]);
    const tracing = config.observability.sdkTracing;
    expect(inputs.includes('shared/runtime/tracer-off.ts')).toBe(!tracing);
    expect(inputs.some((file) => file.includes('node_modules/aws-xray-sdk-core/'))).toBe(tracing);
  });

  it('writes, reads and queries dynalite, publishes to the bus and archives to S3', async () => {
    const standInEndpoint = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`;
    const probe: Probe = {
      dynamoEndpoint: dynamo.endpoint,
      tableName: dynamo.table.tableName,
      standInEndpoint,
    };
    const context = { awsRequestId: 'probe-request', functionName: 'bundleProbe' } as Context;

    const result = await bundled.handler(probe, context);

    expect(result).toEqual({
      item: { pk: 'PROBE', sk: 'A#1', n: 1, tags: ['x'] },
      queried: ['A#1', 'A#2'],
      eventIds: ['event-1'],
      failedEntryCount: 0,
      etag: '"etag-1"',
    });
    const putEvents = received.find((request) => request.headers['x-amz-target'] === 'AWSEvents.PutEvents');
    expect(JSON.parse(putEvents?.body ?? '{}')).toEqual({
      Entries: [
        { EventBusName: 'vigie-probe', Source: 'vigie.probe', DetailType: 'probe.sent', Detail: '{"n":1}' },
      ],
    });
    expect(putEvents?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=probe\//);
    const putObject = received.find((request) => request.method === 'PUT');
    expect(putObject?.url).toBe('/vigie-probe/raw/probe.json?x-id=PutObject');
    expect(putObject?.body).toBe('{"raw":true}');
    // CRC32 of the body (flexible checksums, the SDK's default for PutObject), base64.
    expect(putObject?.headers['x-amz-checksum-crc32']).toBe('u2+X9g==');
  });
});

describe('the event-stream stand-in', () => {
  it('refuses loudly should an event stream ever be reached', () => {
    const marshaller = eventStreamSerdeProvider({} as never);
    expect(() => marshaller.deserialize({} as never, (() => undefined) as never)).toThrow(
      /event streams are left out of Vigie bundles/,
    );
  });
});
