import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScheduledEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadClientConfig } from '../../shared/config/client-config.ts';
import { domainEvent } from '../../shared/events/catalog.ts';
import { SimulatedClock } from '../../shared/local/clock.ts';
import { localContext } from '../../shared/local/lambda-context.ts';
import { createLocalStack, type LocalStack } from '../../shared/local/local-stack.ts';
import { OperationMeter } from '../../shared/local/operation-meter.ts';

/**
 * A custom metric costs for every hour it is published, zeros included: the functions publish a
 * count only when there is something to count (MentionsReceived excepted: the NoMentions alarm
 * reads a missing value as silence). Counted from the EMF lines the functions write, as bench/units.ts does.
 */
const config = loadClientConfig('clients/example.json');
const at = new Date('2026-03-02T10:20:00Z');
let stack: LocalStack | undefined;

async function meteredStack(): Promise<{ stack: LocalStack; meter: OperationMeter }> {
  const meter = new OperationMeter();
  stack = await createLocalStack({
    config,
    clock: new SimulatedClock(at),
    mailDir: mkdtempSync(join(tmpdir(), 'vigie-metrics-published-')),
    deliverImmediately: false,
    env: {},
    meter,
  });
  return { stack, meter };
}

async function run(local: LocalStack, functionId: string): Promise<void> {
  const { handler, spec } = local.consumers.find((consumer) => consumer.spec.id === functionId)!;
  const event: ScheduledEvent = {
    version: '0',
    id: `run-${functionId}`,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: at.toISOString(),
    region: 'local',
    resources: [],
    detail: {},
  };
  await handler(event as never, localContext(functionId, spec.timeoutSeconds));
  await local.bus.drain();
}

// vitest.config.ts turns metrics off for the suite; these tests count them (read when a function is built).
const metricsDisabled = process.env.POWERTOOLS_METRICS_DISABLED;
beforeAll(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
});
afterAll(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = metricsDisabled;
});
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('custom metrics', () => {
  it('are not published by scheduled runs with nothing to count (no incident, no rollup row, no crossing)', async () => {
    const { stack: local, meter } = await meteredStack();
    const quiet = ['detectSpikes', 'rollupKpis', 'closeKpiDay', 'evaluateWorryLines'];
    const restore = meter.countLogs();
    try {
      for (const id of quiet) await run(local, id);
    } finally {
      restore();
    }
    const operations = meter.snapshot();
    expect(quiet.map((id) => operations.invocations[id])).toEqual([1, 1, 1, 1]);
    expect(operations.emittedMetrics).toEqual({});
  });

  it('are published with the count when there is one: a stored snapshot, then the rollup rows it changed', async () => {
    const { stack: local, meter } = await meteredStack();
    const restore = meter.countLogs();
    try {
      await local.bus.publish([
        domainEvent('metricsSnapshotReceived', {
          id: 's1',
          at: '2026-03-02T10:00:00Z',
          network: 'instagram',
          postId: 'reel-1',
          counters: { reach: 1000, likes: 40 },
        }),
      ]);
      await local.bus.drain();
      await run(local, 'rollupKpis');
    } finally {
      restore();
    }
    const emitted = meter.snapshot().emittedMetrics;
    expect(emitted).toEqual({
      'Vigie/recordMetrics/SnapshotsStored': 1,
      'Vigie/rollupKpis/RollupRowsChanged': 1,
    });
  });

  it('keep MentionsReceived for a batch of duplicates only (the NoMentions alarm reads missing as silence)', async () => {
    const { stack: local, meter } = await meteredStack();
    const mention = domainEvent('mentionReceived', {
      id: 'm1',
      at: '2026-03-02T10:00:00Z',
      network: 'instagram',
      text: 'super produit',
      sentiment: 'positive',
    });
    const restore = meter.countLogs();
    try {
      for (const copy of [mention, mention]) {
        await local.bus.publish([copy]);
        await local.bus.drain();
      }
    } finally {
      restore();
    }
    expect(meter.snapshot().emittedMetrics).toEqual({
      'Vigie/recordMentions/MentionsReceived': 2,
      'Vigie/recordMentions/MentionsStored': 1,
      'Vigie/recordMentions/MentionsDuplicate': 1,
    });
  });
});
