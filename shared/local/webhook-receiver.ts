import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/**
 * A reference receiver of what Vigie sends out, for the local stack, end-to-end tests and whoever
 * builds a real one (Zapier, Make, n8n flows follow the same contract, docs/publishing.md):
 *
 * - `POST /publish` — the `webhook` publisher: checks the Standard Webhooks signature, "posts"
 *   each webhook-id once (a repeat gets the first answer back), answers `{externalId, permalink}`;
 * - `GET /publish?idempotencyKey=` — the verify convention: 200 with the post, or 404;
 * - `POST /events` — outbound lifecycle webhooks, signed with their own secret; repeats dropped.
 */
export interface ReceivedPost {
  webhookId: string;
  externalId: string;
  body: unknown;
}

export interface WebhookReceiver {
  url: string;
  posts: ReceivedPost[];
  events: { webhookId: string; body: unknown }[];
  close(): Promise<void>;
}

export interface WebhookReceiverOptions {
  publisherSecret?: string;
  outboundSecret?: string;
  port?: number;
  onPost?: (post: ReceivedPost) => void;
  onEvent?: (event: { webhookId: string; body: unknown }) => void;
}

export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<WebhookReceiver> {
  const posts: ReceivedPost[] = [];
  const events: { webhookId: string; body: unknown }[] = [];
  const byWebhookId = new Map<string, ReceivedPost>();
  let url = '';

  const answer = (response: ServerResponse, status: number, body?: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(body === undefined ? '' : JSON.stringify(body));
  };
  const postAnswer = (post: ReceivedPost) => ({
    externalId: post.externalId,
    permalink: `${url}/posts/${post.externalId}`,
  });

  /** The verified body, or undefined after answering 401. */
  function verified(
    secret: string | undefined,
    request: IncomingMessage,
    raw: string,
    response: ServerResponse,
  ) {
    if (!secret) {
      answer(response, 401, { error: 'this receiver has no secret for this route' });
      return undefined;
    }
    try {
      new Webhook(secret).verify(raw, {
        'webhook-id': String(request.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(request.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(request.headers['webhook-signature'] ?? ''),
      });
      return raw ? (JSON.parse(raw) as unknown) : null;
    } catch (error) {
      answer(response, 401, {
        error: error instanceof WebhookVerificationError ? error.message : 'bad request',
      });
      return undefined;
    }
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const target = new URL(request.url ?? '/', 'http://receiver');
      const webhookId = String(request.headers['webhook-id'] ?? '');
      if (target.pathname === '/publish' && request.method === 'POST') {
        const body = verified(options.publisherSecret, request, raw, response);
        if (body === undefined) return;
        const known = byWebhookId.get(webhookId);
        if (known) return answer(response, 200, postAnswer(known));
        const post = { webhookId, externalId: `local-${posts.length + 1}`, body };
        posts.push(post);
        byWebhookId.set(webhookId, post);
        options.onPost?.(post);
        return answer(response, 200, postAnswer(post));
      }
      if (target.pathname === '/publish' && request.method === 'GET') {
        if (verified(options.publisherSecret, request, '', response) === undefined) return;
        const known = byWebhookId.get(target.searchParams.get('idempotencyKey') ?? '');
        return known
          ? answer(response, 200, postAnswer(known))
          : answer(response, 404, { error: 'never received' });
      }
      if (target.pathname === '/events' && request.method === 'POST') {
        const body = verified(options.outboundSecret, request, raw, response);
        if (body === undefined) return;
        if (!events.some((event) => event.webhookId === webhookId)) {
          const event = { webhookId, body };
          events.push(event);
          options.onEvent?.(event);
        }
        return answer(response, 204);
      }
      answer(response, 404, { error: `no route for ${request.method} ${target.pathname}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    posts,
    events,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
