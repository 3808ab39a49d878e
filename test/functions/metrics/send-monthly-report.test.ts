import { readFileSync } from 'node:fs';
import type { ScheduledEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createHandler } from '../../../functions/metrics/send-monthly-report/app.ts';
import type { SentAlert } from '../../../shared/adapters/alert-store.ts';
import type { OutgoingEmail } from '../../../shared/adapters/mailer.ts';
import { DynamoOnceStore } from '../../../shared/adapters/once-store.ts';
import { loadClientConfig } from '../../../shared/config/client-config.ts';
import type { ReportPost } from '../../../shared/domain/metrics/monthly-report.ts';
import type { KpiRow, RollupQuery } from '../../../shared/domain/metrics/worry-lines.ts';
import { localContext } from '../../../shared/local/lambda-context.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { useLocalTable } from '../../shared/adapters/local-table.ts';

const dynamo = useLocalTable();
const FIXTURE = 'test/fixtures/reports/replay-2026-03';
const rows = JSON.parse(readFileSync(`${FIXTURE}/kpis.json`, 'utf8')) as KpiRow[];
const posts = JSON.parse(readFileSync(`${FIXTURE}/posts.json`, 'utf8')) as ReportPost[];

function scheduled(time: string): ScheduledEvent {
  return {
    id: `run-${time}`,
    time,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
  } as ScheduledEvent;
}

describe('sendMonthlyReport', () => {
  it('emails the previous month’s report once, on the 1st from 08:00 local (catching up until the 3rd)', async () => {
    const queries: RollupQuery[] = [];
    const listedMonths: string[] = [];
    const sent: OutgoingEmail[] = [];
    const handler = createHandler({
      ...observability('sendMonthlyReport'),
      config: loadClientConfig('clients/example.json'),
      rollupStore: {
        list: async (query) => {
          queries.push(query);
          return rows.filter(
            (row) => row.period === query.period && row.start >= query.from && row.start <= query.to,
          );
        },
      },
      postMetricsStore: {
        ofMonths: async (months) =>
          posts.filter((post) => post.publishedAt && months.includes(post.publishedAt.slice(0, 7))),
      },
      alertStore: {
        listMonth: async (month) => {
          listedMonths.push(month);
          return month === '2026-03'
            ? [
                {
                  kind: 'crisis.opened',
                  key: 'k',
                  at: '2026-03-10T09:20:00Z',
                  fields: {},
                  status: 'sent',
                } as SentAlert,
              ]
            : [];
        },
      },
      onceStore: new DynamoOnceStore(dynamo.current.table),
      mailer: { send: async (email) => void sent.push(email) },
    });
    const context = localContext('sendMonthlyReport', 120);

    // 1 April 2026 in Paris (UTC+2): 07:05 is too early, 08:05 sends, later runs that day do not.
    expect(await handler(scheduled('2026-04-01T05:05:00Z'), context)).toEqual({ sent: false });
    expect(await handler(scheduled('2026-03-31T22:05:00Z'), context)).toEqual({ sent: false });
    expect(await handler(scheduled('2026-04-01T06:05:00Z'), context)).toEqual({
      sent: true,
      month: '2026-03',
    });
    expect(await handler(scheduled('2026-04-01T07:05:00Z'), context)).toEqual({
      sent: false,
      month: '2026-03',
    });
    expect(await handler(scheduled('2026-04-02T06:05:00Z'), context)).toEqual({
      sent: false,
      month: '2026-03',
    });
    expect(await handler(scheduled('2026-04-04T06:05:00Z'), context)).toEqual({ sent: false });
    // January has no data: no email, and the month is not tried again.
    expect(await handler(scheduled('2026-02-01T07:05:00Z'), context)).toEqual({
      sent: false,
      month: '2026-01',
    });
    expect(await handler(scheduled('2026-02-01T08:05:00Z'), context)).toEqual({
      sent: false,
      month: '2026-01',
    });
    expect(queries).toHaveLength(8);

    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe('[Vigie] Rapport mensuel de Maison Exemple : mars 2026');
    expect(sent[0]!.to).toEqual(['social@example.com', 'comms-director@example.com']);
    const raw = sent[0]!.raw;
    expect(raw.match(/Content-Type: image\/png/g)).toHaveLength(4);
    expect(raw).toContain('Content-ID: <report-reach-engagement>');
    expect(queries.slice(0, 4).map((query) => [query.period, query.from, query.to])).toEqual([
      ['month', '2026-02-01', '2026-03-01'],
      ['week', '2026-03-01', '2026-03-31'],
      ['day', '2026-03-01', '2026-03-31'],
      ['hour', '2026-03-01', '2026-03-31T23:00'],
    ]);
    expect(listedMonths.slice(0, 3)).toEqual(['2026-02', '2026-03', '2026-04']);
  });

  it('tries again the next hour when sending failed', async () => {
    // The fixture's March, moved to April (its report is not sent yet).
    const april = rows.map((row) => ({ ...row, start: row.start.replace('2026-03', '2026-04') }));
    const sent: OutgoingEmail[] = [];
    let failures = 1;
    const handler = createHandler({
      ...observability('sendMonthlyReport'),
      config: loadClientConfig('clients/example.json'),
      rollupStore: { list: async (query) => april.filter((row) => row.period === query.period) },
      postMetricsStore: { ofMonths: async () => [] },
      alertStore: { listMonth: async () => [] },
      onceStore: new DynamoOnceStore(dynamo.current.table),
      mailer: {
        send: async (email) => {
          if (failures-- > 0) throw new Error('SES throttled');
          sent.push(email);
        },
      },
    });
    const context = localContext('sendMonthlyReport', 120);
    await expect(handler(scheduled('2026-05-01T06:05:00Z'), context)).rejects.toThrow('SES throttled');
    expect(await handler(scheduled('2026-05-01T07:05:00Z'), context)).toEqual({
      sent: true,
      month: '2026-04',
    });
    expect(await handler(scheduled('2026-05-01T08:05:00Z'), context)).toEqual({
      sent: false,
      month: '2026-04',
    });
    expect(sent.map((email) => email.subject)).toEqual([
      '[Vigie] Rapport mensuel de Maison Exemple : avril 2026',
    ]);
  });
});
