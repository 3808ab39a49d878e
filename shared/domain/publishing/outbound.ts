import { createHash } from 'node:crypto';

/**
 * Outbound lifecycle webhooks: which configured endpoints get an event, and the Standard Webhooks
 * message they get. The message id derives from the bus event id and the endpoint, so every retry
 * of one delivery carries the same `webhook-id` and a receiver can drop the repeats.
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
  event: { id: string; detailType: string; time: string; detail: unknown },
  endpoint: OutboundEndpoint,
): OutboundMessage {
  const digest = createHash('sha256').update(`${event.id}\n${endpoint.url}`).digest('hex').slice(0, 32);
  return {
    id: `msg_${digest}`,
    body: JSON.stringify({ type: event.detailType, timestamp: event.time, data: event.detail }),
  };
}
