import { Webhook } from 'standardwebhooks';
import type { Network } from '../../config/client-config.ts';
import type {
  Publisher,
  PublishOutcome,
  PublishRequest,
  VerifyOutcome,
} from '../../domain/publishing/publisher.ts';
import type { SigningSecrets } from '../signing-secrets.ts';
import {
  attemptRecord,
  excerpt,
  exchange,
  type HttpDeps,
  outcomeOfStatus,
  parseJson,
  retryAfterMs,
  unansweredOutcome,
} from './http.ts';

/**
 * The `webhook` publisher: a signed Standard Webhooks POST to a client-configured URL (Zapier, Make,
 * n8n, a scheduling tool), which does the posting. The idempotency key is the `webhook-id`, the same
 * for every retry, so a receiver that deduplicates on it (as Standard Webhooks asks) never posts twice.
 *
 * Body: `{"type":"publication.publish","timestamp":…,"data":{publicationId, network, text, media,
 * links, idempotencyKey, attempt}}`. Answer: 2xx with `{"externalId","permalink"?}` (or without a
 * body: the receiver took it, the webhook id stands for the post); 409 = already received.
 */
export interface WebhookPublisherOptions extends HttpDeps {
  network: Network;
  url: string;
  secretName: string;
  secrets: SigningSecrets;
  /** The receiver implements `GET <url>?idempotencyKey=` (200 with the post, 404 if never received). */
  verify: boolean;
}

export const PUBLISH_WEBHOOK_TYPE = 'publication.publish';

interface ReceiverAnswer {
  externalId?: unknown;
  permalink?: unknown;
}

export function webhookPublisher(options: WebhookPublisherOptions): Publisher {
  const now = () => options.now?.() ?? new Date();
  const account = `${options.network} webhook ${new URL(options.url).host}`;

  /** The signer, or undefined when the secret is missing or not a `whsec_` base64 secret. */
  async function signer(): Promise<Webhook | undefined> {
    const secret = await options.secrets.get(options.secretName);
    if (!secret) return undefined;
    try {
      return new Webhook(secret);
    } catch {
      return undefined;
    }
  }

  function signedHeaders(webhook: Webhook, id: string, body: string, at: Date): Record<string, string> {
    return {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': webhook.sign(id, at, body),
      'idempotency-key': id,
    };
  }

  return {
    network: options.network,

    async publish(request: PublishRequest): Promise<PublishOutcome> {
      const at = now();
      const body = JSON.stringify({
        type: PUBLISH_WEBHOOK_TYPE,
        timestamp: at.toISOString(),
        data: {
          publicationId: request.publicationId,
          network: request.network,
          text: request.text,
          media: request.media,
          links: request.links,
          idempotencyKey: request.idempotencyKey,
          attempt: request.attempt,
        },
      });
      const webhook = await signer();
      if (!webhook) {
        return {
          kind: 'unauthorized',
          reason: `no valid signing secret in ${options.secretName}`,
          account,
          attempt: attemptRecord(at, body),
        };
      }
      const result = await exchange(
        options.url,
        { method: 'POST', headers: signedHeaders(webhook, request.idempotencyKey, body, at), body },
        options,
      );
      if (result.kind !== 'answered') return unansweredOutcome(result, attemptRecord(at, body));
      const attempt = attemptRecord(at, body, result);
      if ((result.status >= 200 && result.status < 300) || result.status === 409) {
        const answer = (parseJson(result.body) ?? {}) as ReceiverAnswer;
        return {
          kind: 'published',
          externalId: idOf(answer.externalId) ?? request.idempotencyKey,
          permalink: typeof answer.permalink === 'string' ? answer.permalink : undefined,
          attempt,
        };
      }
      if (result.status === 403) {
        return { kind: 'unauthorized', reason: `403: ${excerpt(result.body)}`, account, attempt };
      }
      return outcomeOfStatus(result.status, result.headers, excerpt(result.body), attempt, account, at);
    },

    async verify(request: PublishRequest): Promise<VerifyOutcome> {
      if (!options.verify)
        return { kind: 'cannot-tell', reason: 'the receiver does not answer verify requests' };
      const webhook = await signer();
      if (!webhook)
        return { kind: 'cannot-tell', reason: `no valid signing secret in ${options.secretName}` };
      const url = new URL(options.url);
      url.searchParams.set('idempotencyKey', request.idempotencyKey);
      const at = now();
      const result = await exchange(
        url.toString(),
        { method: 'GET', headers: signedHeaders(webhook, `verify_${request.idempotencyKey}`, '', at) },
        options,
      );
      if (result.kind !== 'answered') return { kind: 'cannot-tell', reason: result.reason };
      if (result.status === 404) return { kind: 'absent' };
      const answer = parseJson(result.body) as ReceiverAnswer | undefined;
      const found = idOf(answer?.externalId);
      if (result.status === 200 && found) {
        return {
          kind: 'found',
          externalId: found,
          permalink: typeof answer?.permalink === 'string' ? answer.permalink : undefined,
        };
      }
      const wait = retryAfterMs(result.headers, at);
      return {
        kind: 'cannot-tell',
        reason: `verify answered ${result.status}${wait ? ` (retry after ${wait} ms)` : ''}`,
      };
    },
  };
}

/** Receivers answer ids as strings or numbers (Zapier, Make, n8n). */
function idOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value ? value : undefined;
}
