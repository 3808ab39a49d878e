import type { ScheduledEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createHandler as createAlertHandler } from '../../../functions/alerts/send-alert-email/app.ts';
import { createHandler } from '../../../functions/metrics/evaluate-worry-lines/app.ts';
import { DynamoAlertStore } from '../../../shared/adapters/alert-store.ts';
import type { OutgoingEmail } from '../../../shared/adapters/mailer.ts';
import { DynamoOnceStore } from '../../../shared/adapters/once-store.ts';
import { loadClientConfig, parseClientConfig } from '../../../shared/config/client-config.ts';
import type { KpiRow, RollupQuery } from '../../../shared/domain/metrics/worry-lines.ts';
import { type DomainEvent, events } from '../../../shared/events/catalog.ts';
import { localContext } from '../../../shared/local/lambda-context.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { useLocalTable } from '../../shared/adapters/local-table.ts';

const dynamo = useLocalTable();
const example = loadClientConfig('clients/example.json');
const config = parseClientConfig({
  ...example,
  worryLines: [
    { kpi: 'engagementRateByReach', period: 'week', below: 1.5 },
    { kpi: 'negativeShare', period: 'day', above: 20 },
  ],
});

const rows: KpiRow[] = [
  { period: 'week', start: '2026-02-23', network: 'all', engagementRateByReach: 1.21 },
  { period: 'day', start: '2026-02-28', network: 'all', negativeShare: 12 },
  { period: 'day', start: '2026-03-01', network: 'all', negativeShare: 31.5 },
];

const rollupStore = {
  queries: [] as RollupQuery[],
  async list(query: RollupQuery): Promise<KpiRow[]> {
    this.queries.push(query);
    return rows.filter(
      (row) =>
        row.period === query.period &&
        row.network === (query.network ?? row.network) &&
        row.start >= query.from &&
        row.start <= query.to,
    );
  },
};

function scheduled(time: string): ScheduledEvent {
  return {
    id: `run-${time}`,
    time,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
  } as ScheduledEvent;
}

/** Every event delivered twice by the bus to sendAlertEmail: the emails it sent. */
async function emailsOf(
  published: readonly DomainEvent[],
  clientConfig: typeof config,
): Promise<OutgoingEmail[]> {
  const sent: OutgoingEmail[] = [];
  const sendAlertEmail = createAlertHandler({
    ...observability('sendAlertEmail'),
    config: clientConfig,
    alertStore: new DynamoAlertStore(dynamo.current.table),
    mailer: { send: async (email) => void sent.push(email) },
    links: { apiUrl: 'http://127.0.0.1:8787', signingKey: async () => 'key' },
  });
  for (const event of [...published, ...published]) {
    await sendAlertEmail(
      {
        id: 'e',
        source: events.kpiThresholdCrossed.source,
        'detail-type': events.kpiThresholdCrossed.detailType,
        detail: event.detail,
      } as never,
      localContext('sendAlertEmail', 30),
    );
  }
  return sent;
}

describe('evaluateWorryLines', () => {
  it('acts at 02:00 local only, then sends one event and one email per crossed line and period, even evaluated twice', async () => {
    const published: DomainEvent[] = [];
    const handler = createHandler({
      ...observability('evaluateWorryLines'),
      config,
      rollupStore,
      onceStore: new DynamoOnceStore(dynamo.current.table),
      publisher: { publish: async (batch) => void published.push(...batch) },
    });
    const context = localContext('evaluateWorryLines', 60);

    // 23:15 UTC on 1 March is 00:15 in Paris: too early (yesterday's close may not be final).
    expect(await handler(scheduled('2026-03-01T23:15:00Z'), context)).toEqual({
      evaluated: false,
      crossings: 0,
      published: 0,
    });
    // 02:15 in Paris on Monday 2 March: the week of 23 February and the days up to 1 March are closed.
    expect(await handler(scheduled('2026-03-02T01:15:00Z'), context)).toEqual({
      evaluated: true,
      crossings: 2,
      published: 2,
    });
    expect(rollupStore.queries).toEqual([
      { period: 'week', network: 'all', from: '2026-02-23', to: '2026-02-23' },
      { period: 'day', network: 'all', from: '2026-02-27', to: '2026-03-01' },
    ]);
    // A retry of the same run, and the next day's lookback, publish nothing again.
    expect((await handler(scheduled('2026-03-02T01:15:00Z'), context)).published).toBe(0);
    expect((await handler(scheduled('2026-03-03T01:15:00Z'), context)).published).toBe(0);
    expect(published.map((event) => [event.name, event.detail])).toEqual([
      [
        'kpiThresholdCrossed',
        expect.objectContaining({ kpi: 'engagementRateByReach', periodStart: '2026-02-23T00:00:00+01:00' }),
      ],
      [
        'kpiThresholdCrossed',
        expect.objectContaining({
          kpi: 'negativeShare',
          value: 31.5,
          periodStart: '2026-03-01T00:00:00+01:00',
        }),
      ],
    ]);

    // Each event delivered twice by the bus still makes one email.
    const sent = await emailsOf(published, config);
    expect(sent.map((email) => email.subject)).toEqual([
      '[Vigie] Taux d’engagement (portée) sous 1,5\u202f% (tous réseaux) pour Maison Exemple',
      '[Vigie] Part négative au-dessus de 20\u202f% (tous réseaux) pour Maison Exemple',
    ]);
  });
});

describe('two worry lines on one KPI, period and network', () => {
  it('are two crossings, two events and two emails when both are crossed, still once each', async () => {
    const twoLines = parseClientConfig({
      ...example,
      worryLines: [
        { kpi: 'negativeShare', period: 'day', above: 25 },
        { kpi: 'negativeShare', period: 'day', above: 30 },
      ],
    });
    const published: DomainEvent[] = [];
    const handler = createHandler({
      ...observability('evaluateWorryLines'),
      config: twoLines,
      rollupStore,
      onceStore: new DynamoOnceStore(dynamo.current.table),
      publisher: { publish: async (batch) => void published.push(...batch) },
    });
    const context = localContext('evaluateWorryLines', 60);
    expect((await handler(scheduled('2026-03-02T01:15:00Z'), context)).published).toBe(2);
    expect((await handler(scheduled('2026-03-02T01:15:00Z'), context)).published).toBe(0);
    expect(published.map((event) => (event.detail as { worryLine: unknown }).worryLine)).toEqual([
      { above: 25 },
      { above: 30 },
    ]);

    expect((await emailsOf(published, twoLines)).map((email) => email.subject)).toEqual([
      '[Vigie] Part négative au-dessus de 25\u202f% (tous réseaux) pour Maison Exemple',
      '[Vigie] Part négative au-dessus de 30\u202f% (tous réseaux) pour Maison Exemple',
    ]);
  });
});
