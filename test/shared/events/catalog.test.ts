import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contractByDetailType, events, SOURCES } from '../../../shared/events/catalog.ts';
import { eventPatternOf, functionSpecs } from '../../../shared/events/routing.ts';
import { loadEventFixture } from './fixtures.ts';

describe('event catalog', () => {
  const contracts = Object.values(events);

  it('gives every event a unique detail-type and a Vigie source', () => {
    expect(new Set(contracts.map((c) => c.detailType)).size).toBe(contracts.length);
    for (const contract of contracts) expect(Object.values(SOURCES)).toContain(contract.source);
  });

  it('has a versioned fixture per event that its schema accepts', () => {
    for (const contract of contracts) {
      expect(existsSync(`test/fixtures/events/v1/${contract.detailType}.json`), contract.detailType).toBe(
        true,
      );
      const result = contract.schema.safeParse(loadEventFixture(contract.detailType));
      expect(result.success, `${contract.detailType}: ${result.error?.message}`).toBe(true);
    }
  });

  it('rejects a detail that breaks its contract, naming the field', () => {
    const mention = { ...loadEventFixture<Record<string, unknown>>('mention.received'), network: 'myspace' };
    const result = events.mentionReceived.schema.safeParse(mention);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['network']);
    expect(contractByDetailType('mention.received')).toBe(events.mentionReceived);
  });
});

describe('routing table', () => {
  it('gives each function a unique id and a folder with handler.ts and app.ts', () => {
    expect(new Set(functionSpecs.map((s) => s.id)).size).toBe(functionSpecs.length);
    for (const spec of functionSpecs) {
      expect(existsSync(`${spec.dir}/handler.ts`), spec.dir).toBe(true);
      expect(existsSync(`${spec.dir}/app.ts`), spec.dir).toBe(true);
    }
  });

  it('routes mentions to the mention recorder and alert events to the alert emailer', () => {
    const consumersOf = (detailType: string) =>
      functionSpecs
        .filter((spec) => eventPatternOf(spec)?.['detail-type'].includes(detailType))
        .map((spec) => spec.id);
    expect(consumersOf('mention.received')).toEqual(['recordMentions']);
    expect(consumersOf('metrics.snapshot.received')).toEqual(['recordMetrics']);
    expect(consumersOf('incident.opened')).toEqual(['sendAlertEmail']);
    expect(consumersOf('publication.failed')).toEqual(['sendAlertEmail', 'deliverOutboundWebhooks']);
    for (const contract of Object.values(events).filter((c) => c.detailType.startsWith('publication.'))) {
      expect(consumersOf(contract.detailType), contract.detailType).toContain('deliverOutboundWebhooks');
    }
  });
});
