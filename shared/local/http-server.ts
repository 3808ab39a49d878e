import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { FunctionSpec } from '../events/routing.ts';
import { localContext } from './lambda-context.ts';
import type { LocalConsumer } from './local-bus.ts';

/** Largest body the local server reads; API Gateway's own limit is higher, the ingress checks 256 KB. */
const MAX_READ_BYTES = 1024 * 1024;

interface LocalRoute {
  method: string;
  path: string;
  auth?: 'apiKey';
  pattern: RegExp;
  params: string[];
  spec: FunctionSpec;
  handler: LocalConsumer['handler'];
}

export interface LocalHttpServer {
  url: string;
  routes: readonly { method: string; path: string; auth?: 'apiKey' }[];
  close(): Promise<void>;
}

/** The HTTP API's routes (from the routing table) on loopback, with API Gateway's v2 event shape. */
export async function startLocalHttpServer(
  consumers: readonly LocalConsumer[],
  options: { port: number; host?: string; onRequest?: (line: string) => void },
): Promise<LocalHttpServer> {
  const routes: LocalRoute[] = consumers.flatMap(({ spec, handler }) =>
    spec.trigger.kind !== 'http'
      ? []
      : spec.trigger.routes.map((route) => {
          const params: string[] = [];
          const source = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
            params.push(name);
            return '([^/]+)';
          });
          return {
            method: route.method,
            path: route.path,
            auth: 'auth' in route ? route.auth : undefined,
            pattern: new RegExp(`^${source}$`),
            params,
            spec,
            handler,
          };
        }),
  );

  const authorizer = consumers.find(({ spec }) => spec.trigger.kind === 'authorizer');

  const server: Server = createServer((request, response) => {
    const started = performance.now();
    handle(routes, request, authorizer)
      .then((result) => {
        response.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
        response.end(result.body ?? '');
        options.onRequest?.(
          `${request.method} ${request.url?.split('?')[0]} → ${result.statusCode} (${(performance.now() - started).toFixed(1)} ms)`,
        );
      })
      .catch((error: Error) => {
        writeJson(response, 500, { message: 'Internal Server Error' });
        options.onRequest?.(`${request.method} ${request.url} → 500 ${error.message}`);
      });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    routes: routes.map(({ method, path, auth }) => ({ method, path, auth })),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  routes: LocalRoute[],
  request: IncomingMessage,
  authorizer: LocalConsumer | undefined,
): Promise<APIGatewayProxyStructuredResultV2> {
  const url = new URL(request.url ?? '/', 'http://local');
  const method = (request.method ?? 'GET').toUpperCase();
  let matched: { route: LocalRoute; values: string[] } | undefined;
  for (const route of routes) {
    const match = route.pattern.exec(url.pathname);
    if (match && route.method === method) {
      matched = { route, values: match.slice(1) };
      break;
    }
  }
  if (!matched) return jsonResult(404, { message: 'Not Found' });

  // Like API Gateway: no identity source → 401 without calling the authorizer; refused → 403.
  if (matched.route.auth === 'apiKey') {
    if (!request.headers.authorization) return jsonResult(401, { message: 'Unauthorized' });
    if (!authorizer) return jsonResult(500, { message: 'Internal Server Error' });
    const verdict = (await authorizer.handler(
      {
        type: 'REQUEST',
        routeKey: `${matched.route.method} ${matched.route.path}`,
        headers: { authorization: request.headers.authorization },
      } as never,
      localContext(authorizer.spec.id, authorizer.spec.timeoutSeconds),
    )) as { isAuthorized?: boolean };
    if (!verdict.isAuthorized) return jsonResult(403, { message: 'Forbidden' });
  }

  const body = await readBody(request);
  if (body === undefined) {
    // The rest of the body was not read: the connection cannot carry another request.
    const result = jsonResult(413, { message: 'Request Entity Too Large' });
    return { ...result, headers: { ...result.headers, connection: 'close' } };
  }
  const { route, values } = matched;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const now = new Date();
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
    pathParameters: Object.fromEntries(
      route.params.map((name, index) => [name, decodeURIComponent(values[index]!)]),
    ),
    body: body.length ? body.toString('utf8') : undefined,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      requestId: randomUUID(),
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      http: {
        method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
    },
  };
  return (await route.handler(
    event as never,
    localContext(route.spec.id, route.spec.timeoutSeconds),
  )) as APIGatewayProxyStructuredResultV2;
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_READ_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function jsonResult(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function writeJson(response: ServerResponse, statusCode: number, body: unknown): void {
  if (response.headersSent) return;
  response.writeHead(statusCode, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
