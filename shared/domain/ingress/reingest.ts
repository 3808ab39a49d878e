import type { EventPublisher } from '../../adapters/event-publisher.ts';
import type { RawArchive } from '../../adapters/raw-archive.ts';
import type { WebhookSource } from '../../config/client-config.ts';
import { webhookSources } from './sources/index.ts';

export interface ReingestSummary {
  deliveries: number;
  events: number;
  failed: number;
}

/**
 * Re-runs parsing and normalization on archived deliveries (after a normalization fix) and puts the
 * events on the bus again. Consumers are idempotent (mention and snapshot ids), so what was right
 * before is not doubled; what was wrong is now right.
 */
export async function reingest(
  archive: RawArchive,
  publisher: EventPublisher,
  from: string,
  to: string,
  onFailure: (deliveryId: string, reason: string) => void = () => undefined,
): Promise<ReingestSummary> {
  const summary: ReingestSummary = { deliveries: 0, events: 0, failed: 0 };
  for await (const delivery of archive.list(from, to)) {
    summary.deliveries += 1;
    const adapter = webhookSources[delivery.source as WebhookSource];
    if (!adapter) {
      summary.failed += 1;
      onFailure(delivery.deliveryId, `no adapter for source ${delivery.source}`);
      continue;
    }
    try {
      const parsed = adapter.schema.safeParse(JSON.parse(delivery.rawBody));
      if (!parsed.success)
        throw new Error(
          parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
        );
      const events = adapter.normalize(parsed.data);
      await publisher.publish(events);
      summary.events += events.length;
    } catch (error) {
      summary.failed += 1;
      onFailure(delivery.deliveryId, (error as Error).message);
    }
  }
  return summary;
}
