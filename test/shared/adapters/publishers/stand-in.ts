import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/** A request as the stand-in received it. */
export interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Reply =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  /** Never answer: the client's timeout fires after the request left. */
  | 'hang';

export type Route = (request: Received) => Reply | undefined;

/**
 * A network's API on 127.0.0.1 (port 0): records every request so that tests check the path,
 * headers and body, and answers what the test scripts (200, 4xx, 401, 429 with Retry-After, 5xx,
 * or hang). Unscripted requests get a 404 that names them.
 */
export class StandIn {
  readonly received: Received[] = [];
  private routes: Route[] = [];
  private readonly hanging = new Set<ServerResponse>();
  private readonly server = createServer((request, response) => this.handle(request, response));
  url = '';

  static async start(): Promise<StandIn> {
    return new StandIn().listen();
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Routes are tried in order; the first that answers wins. */
  on(route: Route): this {
    this.routes.push(route);
    return this;
  }

  reset(): void {
    this.routes = [];
    this.received.length = 0;
  }

  async close(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://stand-in');
      const received: Received = {
        method: request.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      this.received.push(received);
      const reply = this.routes.reduce<Reply | undefined>(
        (found, route) => found ?? route(received),
        undefined,
      );
      if (reply === 'hang') {
        this.hanging.add(response);
        return;
      }
      const answer = reply ?? {
        status: 404,
        body: { error: `no route for ${received.method} ${received.path}` },
      };
      const body =
        answer.body === undefined
          ? ''
          : typeof answer.body === 'string'
            ? answer.body
            : JSON.stringify(answer.body);
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(body);
    });
  }
}

/** A port nothing listens on: connections are refused before the request leaves. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** One stand-in for a test file: listening from the first test to the last, its script and log reset before each. */
export function useStandIn(): StandIn {
  const standIn = new StandIn();
  beforeAll(() => standIn.listen());
  afterAll(() => standIn.close());
  beforeEach(() => standIn.reset());
  return standIn;
}
