import type * as z from 'zod/mini';
import type { WebhookSource } from '../../config/client-config.ts';
import type { DomainEvent } from '../../events/catalog.ts';

/** A webhook delivery as the ingress sees it, whatever the transport (API Gateway or local HTTP). */
export interface WebhookRequest {
  method: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  rawBody: string;
}

export interface HttpResult {
  statusCode: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type Verification = { ok: true; deliveryId: string } | { ok: false; reason: string };

/**
 * One sender: verify who sent it, parse its format, turn it into Vigie's own events.
 * The ingress does the rest (size, content type, dedupe, publishing, answers) the same for all.
 */
export interface WebhookSourceAdapter<Body = unknown> {
  readonly source: WebhookSource;
  /** GET verification handshake (challenge / CRC), for senders that need one. */
  handshake?(request: WebhookRequest, secret: string): HttpResult;
  verify(request: WebhookRequest, secret: string, now: Date): Verification;
  readonly schema: z.ZodMiniType<Body>;
  normalize(body: Body): DomainEvent[];
}

export const MAX_BODY_BYTES = 256 * 1024;

export function problem(statusCode: number, title: string, extra: Record<string, unknown> = {}): HttpResult {
  return { statusCode, body: { error: title, ...extra } };
}

/** Zod issues as "which field, why" — never echoing the rejected values. */
export function schemaProblems(error: z.core.$ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message }));
}
