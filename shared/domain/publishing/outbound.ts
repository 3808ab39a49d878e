import { createHash } from 'node:crypto';

/**
 * Outbound lifecycle webhooks: which configured endpoints get an event, and the Standard Webhooks
 * message they get. The message id derives from what the event says (its detail-type and detail,
 * keys sorted) and the endpoint — not from the bus event id, which changes when an event is put on
 * the bus again from a DLQ — so every retry or redrive of one delivery carries the same
 * `webhook-id` and a receiver can drop the repeats.
 */
export interface OutboundEndpoint {
  url: string;
  secretName: string;
  /** Detail-types to deliver; all when absent. */
  events?: readonly string[];
}

export interface OutboundMessage {
  id: string;
  body: string;
}

export function endpointsFor(detailType: string, endpoints: readonly OutboundEndpoint[]): OutboundEndpoint[] {
  return endpoints.filter((endpoint) => !endpoint.events || endpoint.events.includes(detailType));
}

export function outboundMessage(
  event: { detailType: string; time: string; detail: unknown },
  endpoint: OutboundEndpoint,
): OutboundMessage {
  const digest = createHash('sha256')
    .update(`${event.detailType}\n${canonicalJson(event.detail)}\n${endpoint.url}`)
    .digest('hex')
    .slice(0, 32);
  return {
    id: `msg_${digest}`,
    body: JSON.stringify({ type: event.detailType, timestamp: event.time, data: event.detail }),
  };
}

/** JSON with object keys sorted, so that the same detail always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
