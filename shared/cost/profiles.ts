import { nextFireTime } from '../local/schedule-expression.ts';
import { type MeasuredUnits, scenarioNamed } from './measured.ts';
import { addOperations, type BilledOperations, emptyOperations, scaleOperations } from './operations.ts';

/** A month of one client's activity. */
export interface Profile {
  name: string;
  description: string;
  /** Mentions outside storms: one per SQS batch at these rates. */
  mentions: number;
  /** Mentions of a storm (batched as the storm scenario measured). */
  stormMentions: number;
  posts: number;
  /** Metrics pulls a month (one per network per pull period) and the posts each pull reports on. */
  metricsPulls: number;
  postsPerPull: number;
}

const HOURS_A_MONTH = 30 * 24;
const NETWORKS = 5;

/** Posts still moving within a week, per network: what an hourly pull reports on. */
function activePostsPerNetwork(postsPerMonth: number): number {
  return Math.max(1, Math.round((postsPerMonth * 7) / 30 / NETWORKS));
}

export const profiles: Record<'quiet' | 'typical' | 'storm', Profile> = {
  quiet: {
    name: 'quiet',
    description: '2,000 mentions and 60 posts a month, no metrics pulls',
    mentions: 2_000,
    stormMentions: 0,
    posts: 60,
    metricsPulls: 0,
    postsPerPull: 0,
  },
  typical: {
    name: 'typical',
    description: '30,000 mentions, 150 posts, hourly metrics pulls for 5 networks',
    mentions: 30_000,
    stormMentions: 0,
    posts: 150,
    metricsPulls: HOURS_A_MONTH * NETWORKS,
    postsPerPull: activePostsPerNetwork(150),
  },
  storm: {
    name: 'storm',
    description: 'typical plus a 48-hour storm of 50,000 mentions',
    mentions: 30_000,
    stormMentions: 50_000,
    posts: 150,
    metricsPulls: HOURS_A_MONTH * NETWORKS,
    postsPerPull: activePostsPerNetwork(150),
  },
};

export interface ScheduledFunction {
  id: string;
  expression: string;
}

/** Occurrences of a schedule expression in 30 days. */
export function runsPerMonth(expression: string, from = new Date('2026-03-01T00:00:00Z')): number {
  const end = from.getTime() + HOURS_A_MONTH * 3_600_000;
  let runs = 0;
  for (
    let next = nextFireTime(expression, from);
    next && next.getTime() <= end;
    next = nextFireTime(expression, next)
  )
    runs += 1;
  return runs;
}

/**
 * How a share of the month's work falls on the 720 hours of the month, for the hours in which each
 * custom metric is published: `spread`, units arriving at random (mentions, posts, snapshots) with
 * these weights per hour (summing to 1); `scheduled`, runs at fixed times, spread evenly.
 */
type Timing = { kind: 'spread'; weights: readonly number[] } | { kind: 'scheduled' };

/** A measured unit of work, how many of them the month has, and when they happen. */
interface WorkShare {
  operations: BilledOperations;
  units: number;
  timing: Timing;
}

const normalized = (weights: number[]) => {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => weight / total);
};
/** A brand's mentions and posts by hour of the day: little at night (0:00–6:59 at 15 % of a day hour). */
const DAILY_ACTIVITY = Array.from({ length: 24 }, (_, hour) => (hour < 7 ? 0.15 : 1));
const daytime: Timing = {
  kind: 'spread',
  weights: normalized(Array.from({ length: HOURS_A_MONTH }, (_, hour) => DAILY_ACTIVITY[hour % 24]!)),
};
const everyHour: Timing = { kind: 'spread', weights: normalized(Array(HOURS_A_MONTH).fill(1)) };
/** The storm's 48 hours, evenly (which two days of the month does not matter). */
const STORM_HOURS = 48;
const storm: Timing = {
  kind: 'spread',
  weights: normalized(Array.from({ length: HOURS_A_MONTH }, (_, hour) => (hour < STORM_HOURS ? 1 : 0))),
};

/** A month of a profile as shares of work: each measured by bench/units.ts (shared/cost/measured-units.json). */
function sharesOf(
  profile: Profile,
  measured: MeasuredUnits,
  scheduled: readonly ScheduledFunction[],
): WorkShare[] {
  const shares: WorkShare[] = [];
  const add = (prefix: string, units: number, timing: Timing) => {
    if (units) shares.push({ operations: scenarioNamed(measured, prefix).operations, units, timing });
  };
  add('mention, quiet', profile.mentions, daytime);
  add('mention, storm (50,000', profile.stormMentions, storm);
  add('publication requested', profile.posts, daytime);
  const snapshots = profile.metricsPulls * profile.postsPerPull;
  if (snapshots) {
    // A pull puts its snapshots on the bus together: one consumer batch per pull.
    const alone = scenarioNamed(measured, 'event metrics.snapshot.received').operations;
    const perSnapshot = {
      ...alone,
      busEntries: 1,
      invocations: scaleRecord(alone.invocations, 1 / profile.postsPerPull),
    };
    shares.push({ operations: perSnapshot, units: snapshots, timing: everyHour });
  }
  for (const fn of scheduled) {
    const run = measured.scenarios.find((scenario) => scenario.name.startsWith(`scheduled ${fn.id},`));
    if (run)
      shares.push({
        operations: run.operations,
        units: runsPerMonth(fn.expression),
        timing: { kind: 'scheduled' },
      });
  }
  return shares;
}

/**
 * A month of a profile in billed operations: each unit of work as measured by bench/units.ts
 * (shared/cost/measured-units.json), plus every scheduled function's runs.
 */
export function operationsOf(
  profile: Profile,
  measured: MeasuredUnits,
  scheduled: readonly ScheduledFunction[],
): BilledOperations {
  return sharesOf(profile, measured, scheduled).reduce(
    (month, share) => addOperations(month, share.operations, share.units),
    emptyOperations(),
  );
}

/**
 * In how many hours of the month each custom metric is published (CloudWatch bills a custom metric
 * for the hours it is published in). Hour by hour, the chance that no share publishes it: a share
 * spread at random puts `units × publications per unit × weight` publications in the hour on
 * average, none with probability e^−that (Poisson); a scheduled run publishes with probability
 * p = its publications per run (at most 1), so an hour with r runs has none with (1 − p)^r, and
 * a schedule of fewer runs than hours (daily) publishes in runs × p of the hours.
 */
export function metricHoursOf(
  profile: Profile,
  measured: MeasuredUnits,
  scheduled: readonly ScheduledFunction[],
): Record<string, number> {
  const unpublished = new Map<string, number[]>();
  const shares = [...sharesOf(profile, measured, scheduled), ...countedBySchedules(profile)];
  for (const { operations, units, timing } of shares) {
    for (const [metric, perUnit] of Object.entries(operations.emittedMetrics)) {
      if (!perUnit) continue;
      const hours = unpublished.get(metric) ?? Array(HOURS_A_MONTH).fill(1);
      const p = Math.min(1, perUnit);
      const runsPerHour = units / HOURS_A_MONTH;
      for (let hour = 0; hour < HOURS_A_MONTH; hour++) {
        hours[hour] *=
          timing.kind === 'spread'
            ? Math.exp(-units * perUnit * timing.weights[hour]!)
            : runsPerHour >= 1
              ? (1 - p) ** runsPerHour
              : 1 - runsPerHour * p;
      }
      unpublished.set(metric, hours);
    }
  }
  return Object.fromEntries(
    [...unpublished].map(([metric, hours]) => [metric, hours.reduce((sum, none) => sum + (1 - none), 0)]),
  );
}

/**
 * What the measured quiet days cannot show (bench/units.ts runs each schedule alone, on an empty
 * table): scheduled runs that count the work the other shares bring. The hourly rollup changes rows
 * after every hour with mentions or snapshots, the pull counts the posts it pulled, and the daily
 * close changes rows once a day with data. As publications in the hours of that work (the rollup's
 * comes an hour later: the same number of hours).
 */
function countedBySchedules(profile: Profile): WorkShare[] {
  const publishing = (emittedMetrics: Record<string, number>) => ({ ...emptyOperations(), emittedMetrics });
  const rollup = { 'Vigie/rollupKpis/RollupRowsChanged': 1 };
  const shares: WorkShare[] = [
    { operations: publishing(rollup), units: profile.mentions, timing: daytime },
    { operations: publishing(rollup), units: profile.stormMentions, timing: storm },
    {
      operations: publishing({ ...rollup, 'Vigie/pullMetrics/PostSnapshotsPulled': 1 }),
      units: profile.metricsPulls * profile.postsPerPull,
      timing: everyHour,
    },
  ];
  if (profile.mentions || profile.metricsPulls)
    shares.push({
      operations: publishing({ 'Vigie/closeKpiDay/RollupRowsChanged': 1 }),
      units: 30,
      timing: { kind: 'scheduled' },
    });
  return shares.filter((share) => share.units > 0);
}

function scaleRecord(record: Record<string, number>, factor: number): Record<string, number> {
  return Object.fromEntries(Object.entries(record).map(([name, value]) => [name, value * factor]));
}

/**
 * A replay's counted operations (operations.json), scaled from its simulated span to 30 days. A
 * replay puts its events straight on the bus: each gets the webhook delivery that brings it in AWS
 * (the part of the measured quiet mention of the webhook function and of the queue consumers it
 * sends to: invocations, HTTP request, bus entry, archive queue message, archived body, logs).
 */
export function operationsOfReplay(
  counted: { operations: BilledOperations; spanDays: number; events: number },
  measured: MeasuredUnits,
  webhookFunctionIds: readonly string[],
): BilledOperations {
  const delivery = webhookPart(scenarioNamed(measured, 'mention, quiet').operations, webhookFunctionIds);
  const withIngress = addOperations(counted.operations, delivery, counted.events);
  return scaleOperations(withIngress, 30 / Math.max(counted.spanDays, 1 / 24));
}

function webhookPart(operations: BilledOperations, functionIds: readonly string[]): BilledOperations {
  const only = (record: Record<string, number>) =>
    Object.fromEntries(functionIds.map((id) => [id, record[id] ?? 0]));
  return {
    ...emptyOperations(),
    invocations: only(operations.invocations),
    handlerMs: only(operations.handlerMs),
    awsCalls: only(operations.awsCalls),
    logBytes: only(operations.logBytes),
    httpRequests: operations.httpRequests,
    busEntries: operations.busEntries,
    // Each archived body went through the archive queue once (the mention's buffer is the replay's).
    queuedMessages: operations.archivePuts,
    archivePuts: operations.archivePuts,
    archiveBytes: operations.archiveBytes,
  };
}
