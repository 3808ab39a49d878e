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
 * A month of a profile in billed operations: each unit of work as measured by bench/units.ts
 * (shared/cost/measured-units.json), plus every scheduled function's runs.
 */
export function operationsOf(
  profile: Profile,
  measured: MeasuredUnits,
  scheduled: readonly ScheduledFunction[],
): BilledOperations {
  let month = emptyOperations();
  const add = (prefix: string, units: number) => {
    if (units) month = addOperations(month, scenarioNamed(measured, prefix).operations, units);
  };
  add('mention, quiet', profile.mentions);
  add('mention, storm (50,000', profile.stormMentions);
  add('publication requested', profile.posts);
  const snapshots = profile.metricsPulls * profile.postsPerPull;
  if (snapshots) {
    // A pull puts its snapshots on the bus together: one consumer batch per pull.
    const alone = scenarioNamed(measured, 'event metrics.snapshot.received').operations;
    const perSnapshot = {
      ...alone,
      busEntries: 1,
      invocations: scaleRecord(alone.invocations, 1 / profile.postsPerPull),
    };
    month = addOperations(month, perSnapshot, snapshots);
  }
  for (const fn of scheduled) {
    const run = measured.scenarios.find((scenario) => scenario.name.startsWith(`scheduled ${fn.id},`));
    if (run) month = addOperations(month, run.operations, runsPerMonth(fn.expression));
  }
  return month;
}

function scaleRecord(record: Record<string, number>, factor: number): Record<string, number> {
  return Object.fromEntries(Object.entries(record).map(([name, value]) => [name, value * factor]));
}

/**
 * A replay's counted operations (operations.json), scaled from its simulated span to 30 days. A
 * replay puts its events straight on the bus: each gets the webhook delivery that brings it in AWS
 * (the webhook function's part of the measured quiet mention: invocation, HTTP request, bus entry,
 * archived body, logs).
 */
export function operationsOfReplay(
  counted: { operations: BilledOperations; spanDays: number; events: number },
  measured: MeasuredUnits,
  webhookFunctionId: string,
): BilledOperations {
  const delivery = webhookPart(scenarioNamed(measured, 'mention, quiet').operations, webhookFunctionId);
  const withIngress = addOperations(counted.operations, delivery, counted.events);
  return scaleOperations(withIngress, 30 / Math.max(counted.spanDays, 1 / 24));
}

function webhookPart(operations: BilledOperations, functionId: string): BilledOperations {
  const only = (record: Record<string, number>) => ({ [functionId]: record[functionId] ?? 0 });
  return {
    ...emptyOperations(),
    invocations: only(operations.invocations),
    handlerMs: only(operations.handlerMs),
    awsCalls: only(operations.awsCalls),
    logBytes: only(operations.logBytes),
    httpRequests: operations.httpRequests,
    busEntries: operations.busEntries,
    archivePuts: operations.archivePuts,
    archiveBytes: operations.archiveBytes,
  };
}
