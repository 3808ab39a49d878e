import type { Network } from '../../config/client-config.ts';
import type { DetailOf } from '../../events/catalog.ts';
import { addDays, addMonths, type CalendarPeriod, localMidnightIso, startOfPeriod } from './calendar.ts';
import { isKpiName, type KpiName } from './kpis.ts';
import { nextPeriodStart } from './periods.ts';

/**
 * Worry lines: a KPI of a closed period that goes below or above a value set in the client's
 * configuration. Pure: rollups of closed periods and the lines in, crossings out; publishing and
 * "once per period" are the caller's (the evaluateWorryLines function). A line may watch any KPI
 * of kpis.ts (the numeric fields of a rollup row).
 */
/** The part of a rollup row that worry lines and the monthly report read (null: undefined KPI). */
export type KpiRow = {
  period: 'hour' | CalendarPeriod;
  start: string;
  network: Network | 'all';
  pillar?: string;
  campaign?: string;
} & { [Name in KpiName]?: number | null };

/** Rollups of one period kind whose `start` lies in [from, to] (local dates), as the rollup store lists them. */
export interface RollupQuery {
  period: KpiRow['period'];
  from: string;
  to: string;
  network?: Network | 'all';
  pillar?: string;
  campaign?: string;
}

/** The read side of the rollup store, as far as worry lines and the monthly report need it. */
export interface RollupReader {
  list(query: RollupQuery): Promise<KpiRow[]>;
}

export interface WorryLine {
  kpi: string;
  period: CalendarPeriod;
  network: Network | 'all';
  below?: number;
  above?: number;
}

export interface WorryLineCrossing {
  line: WorryLine;
  /** The period's first local day (as in kpis.json). */
  start: string;
  value: number;
  crossed: 'below' | 'above';
}

/**
 * The crossings of the lines in the given rows. Rows are expected to be closed periods; only rows
 * across pillars and campaigns count (a line watches a network or all of them). A KPI that is
 * undefined for a period (null: no reach, no mentions) crosses nothing.
 */
export function evaluateWorryLines(
  rows: readonly KpiRow[],
  lines: readonly WorryLine[],
): WorryLineCrossing[] {
  const crossings: WorryLineCrossing[] = [];
  for (const line of lines) {
    if (!isKpiName(line.kpi)) continue;
    for (const row of rows) {
      if (row.period !== line.period || row.network !== line.network) continue;
      if (row.pillar !== undefined || row.campaign !== undefined) continue;
      const value = row[line.kpi];
      if (value === null || value === undefined) continue;
      const crossed =
        line.below !== undefined && value < line.below
          ? 'below'
          : line.above !== undefined && value > line.above
            ? 'above'
            : undefined;
      if (crossed) crossings.push({ line, start: row.start, value, crossed });
    }
  }
  return crossings.sort((a, b) => a.start.localeCompare(b.start) || a.line.kpi.localeCompare(b.line.kpi));
}

/**
 * The `kpi.threshold.crossed` detail of a crossing. Its time is the end of the period (when the
 * value became final), not the evaluation's: evaluating again yields the same event, the same
 * alert key and the same alert partition, so the team gets one email per period and line.
 */
export function crossingDetail(
  crossing: WorryLineCrossing,
  timeZone: string,
): DetailOf<'kpiThresholdCrossed'> {
  const { line } = crossing;
  return {
    kpi: line.kpi,
    period: line.period,
    periodStart: localMidnightIso(crossing.start, timeZone),
    network: line.network,
    value: crossing.value,
    worryLine: {
      ...(line.below !== undefined ? { below: line.below } : {}),
      ...(line.above !== undefined ? { above: line.above } : {}),
    },
    crossed: crossing.crossed,
    at: new Date(localMidnightIso(nextPeriodStart(crossing.start, line.period), timeZone)).toISOString(),
  };
}

/** Closed days evaluated again on each run: a missed run is caught up, a done crossing is not redone. */
export const LOOKBACK_DAYS = 3;

/**
 * The closed periods a run on local date `today` evaluates, per period kind: the last few days, the
 * last ISO week and the last month (the first local day of each).
 */
export function closedPeriods(today: string): Record<CalendarPeriod, { from: string; to: string }> {
  const thisWeek = startOfPeriod(today, 'week');
  const thisMonth = startOfPeriod(today, 'month');
  return {
    day: { from: addDays(today, -LOOKBACK_DAYS), to: addDays(today, -1) },
    week: { from: addDays(thisWeek, -7), to: addDays(thisWeek, -7) },
    month: { from: addMonths(thisMonth, -1), to: addMonths(thisMonth, -1) },
  };
}
