import { describe, expect, it } from 'vitest';
import { alertOf } from '../../../../shared/domain/alerts/alerts.ts';
import { localMidnightIso } from '../../../../shared/domain/metrics/calendar.ts';
import { KPI_FIELD_NAMES } from '../../../../shared/domain/metrics/kpi-names.ts';
import { KPI_NAMES } from '../../../../shared/domain/metrics/kpis.ts';
import {
  closedPeriods,
  crossingDetail,
  evaluateWorryLines,
  type KpiRow,
  type WorryLine,
} from '../../../../shared/domain/metrics/worry-lines.ts';
import { events } from '../../../../shared/events/catalog.ts';

const lines: WorryLine[] = [
  { kpi: 'engagementRateByReach', period: 'week', network: 'all', below: 1.5 },
  { kpi: 'negativeShare', period: 'day', network: 'all', above: 20 },
  { kpi: 'responseTimeP90Minutes', period: 'day', network: 'instagram', above: 240 },
];

const rows: KpiRow[] = [
  { period: 'week', start: '2026-02-23', network: 'all', engagementRateByReach: 1.21 },
  { period: 'week', start: '2026-03-02', network: 'all', engagementRateByReach: 1.5 },
  { period: 'week', start: '2026-02-23', network: 'instagram', engagementRateByReach: 0.4 },
  { period: 'day', start: '2026-03-01', network: 'all', negativeShare: 20 },
  { period: 'day', start: '2026-03-02', network: 'all', negativeShare: 20.01 },
  { period: 'day', start: '2026-03-03', network: 'all', negativeShare: null },
  { period: 'day', start: '2026-03-02', network: 'all', pillar: 'coulisses', negativeShare: 90 },
  { period: 'day', start: '2026-03-02', network: 'instagram', responseTimeP90Minutes: 241 },
  { period: 'month', start: '2026-02-01', network: 'all', negativeShare: 50 },
];

describe('worry lines', () => {
  it('may watch every KPI of kpis.ts: the configuration’s list is the same', () => {
    expect([...KPI_FIELD_NAMES].sort()).toEqual([...KPI_NAMES].sort());
  });

  it('finds the crossings of closed periods: strictly beyond the line, on its network, across pillars', () => {
    expect(
      evaluateWorryLines(rows, lines).map(({ line, start, value, crossed }) => [
        line.kpi,
        start,
        value,
        crossed,
      ]),
    ).toEqual([
      ['engagementRateByReach', '2026-02-23', 1.21, 'below'],
      ['negativeShare', '2026-03-02', 20.01, 'above'],
      ['responseTimeP90Minutes', '2026-03-02', 241, 'above'],
    ]);
  });

  it('makes an event whose time is the end of the period, so evaluating again gives the same alert', () => {
    const [weekly] = evaluateWorryLines(rows, lines);
    const detail = crossingDetail(weekly!, 'Europe/Paris');
    expect(detail).toEqual({
      kpi: 'engagementRateByReach',
      period: 'week',
      periodStart: '2026-02-23T00:00:00+01:00',
      network: 'all',
      value: 1.21,
      worryLine: { below: 1.5 },
      crossed: 'below',
      at: '2026-03-01T23:00:00.000Z',
    });
    expect(events.kpiThresholdCrossed.schema.parse(detail)).toEqual(detail);
    expect(alertOf({ name: 'kpiThresholdCrossed', detail }).key).toBe(
      'kpi.threshold#engagementRateByReach#all#week#2026-02-23T00:00:00+01:00#below#1.5',
    );
  });

  it('converts local midnights across DST changes', () => {
    expect(localMidnightIso('2026-03-29', 'Europe/Paris')).toBe('2026-03-29T00:00:00+01:00');
    expect(localMidnightIso('2026-03-30', 'Europe/Paris')).toBe('2026-03-30T00:00:00+02:00');
    expect(localMidnightIso('2026-11-02', 'America/New_York')).toBe('2026-11-02T00:00:00-05:00');
  });

  it('looks back at the last three days, the last ISO week and the last month', () => {
    expect(closedPeriods('2026-03-02')).toEqual({
      day: { from: '2026-02-27', to: '2026-03-01' },
      week: { from: '2026-02-23', to: '2026-02-23' },
      month: { from: '2026-02-01', to: '2026-02-01' },
    });
  });
});
