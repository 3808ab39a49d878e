import { localDateTime, localMidnightIso, nextPeriodStart } from '../domain/metrics/calendar.ts';
import type { PostReader, ReportPost } from '../domain/metrics/monthly-report.ts';
import { computeRollups, postLifetimes } from '../domain/metrics/rollup.ts';
import type { KpiRow, RollupQuery, RollupReader } from '../domain/metrics/worry-lines.ts';
import type { MentionStore } from './mention-store.ts';
import type { SnapshotStore } from './snapshot-store.ts';

/**
 * Interim read side of the rollups, until the stored rollups land: day and month rows recomputed
 * from the raw snapshots and mention buckets (weeks and hours have no rows here).
 */
export class RecomputedRollups implements RollupReader {
  constructor(
    private readonly snapshots: SnapshotStore,
    private readonly mentions: Pick<MentionStore, 'countsBetween'>,
    private readonly timeZone: string,
  ) {}

  async list(query: RollupQuery): Promise<KpiRow[]> {
    if (query.period !== 'day' && query.period !== 'month') return [];
    const from = localMidnightIso(query.from, this.timeZone);
    const to = localMidnightIso(nextPeriodStart(query.to, query.period), this.timeZone);
    const rows = computeRollups(
      await this.snapshots.all(),
      await this.mentions.countsBetween(from, to),
      this.timeZone,
      [query.period],
    );
    return rows.filter(
      (row) =>
        row.start >= query.from &&
        row.start <= query.to &&
        (query.network === undefined || row.network === query.network),
    );
  }
}

/** Interim read side of the per-post metrics: lifetimes recomputed from the snapshots, by last measurement. */
export class RecomputedPosts implements PostReader {
  constructor(
    private readonly snapshots: SnapshotStore,
    private readonly timeZone: string,
  ) {}

  async ofMonths(months: readonly string[]): Promise<ReportPost[]> {
    return postLifetimes(await this.snapshots.all()).filter((post) =>
      months.includes(localDateTime(post.lastSnapshotAt, this.timeZone).date.slice(0, 7)),
    );
  }
}
