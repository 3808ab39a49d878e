import type { Network } from '../../config/client-config.ts';
import type { DomainEvent, Severity } from '../../events/catalog.ts';
import { domainEvent } from '../../events/catalog.ts';
import { BUCKET_MINUTES, type BucketDelta } from './buckets.ts';
import { hourOfWeek } from './hour-of-week.ts';
import { binomialUpperTail, poissonUpperTail } from './statistics.ts';

/**
 * The crisis radar. Pure: detectSpikes loads the state, calls `advanceRadar` with the buckets counted
 * since, saves the state and publishes the events. Documented in docs/crisis.md.
 *
 * - Usual level: per hour of the week (client's time zone), an exponentially weighted mean of
 *   negative and total mentions per 5-minute bucket, blended with an all-hours mean while a slot
 *   has little history (cold start). It learns only outside incidents, from values clipped to a
 *   few standard deviations (robust to past storms), and not from the empty buckets of a data gap.
 * - A window is anomalous when its negative mentions are improbably many for the usual rate
 *   (Poisson tail) *and* their share of all mentions is improbably high for the usual share
 *   (binomial tail), with a minimum count and effect size. Volume alone (a viral post, a campaign)
 *   is not a crisis. Two windows: the last hour (sharp storms) and the last 24 hours (slow burns).
 * - Incident lifecycle: opened → escalated (severity rises only) → resolved after a sustained calm;
 *   at most one reminder while unacknowledged, and never more than three emails before the end.
 */
export type Sensitivity = 'low' | 'balanced' | 'high';

interface Thresholds {
  /** Poisson tail of the negative count: how improbable the volume is for the usual rate. */
  alphaVolume: number;
  /** Binomial tail of the negative share: how improbable the share is for the usual share. */
  alphaShare: number;
  minNegative: number;
  minRatio: number;
  minShareLift: number;
}

/** What "far above usual" means per sensitivity, for the sharp (1 h) and slow (24 h) windows. */
export const SENSITIVITY: Record<Sensitivity, { sharp: Thresholds; slow: Thresholds }> = {
  high: {
    sharp: { alphaVolume: 1e-3, alphaShare: 0.1, minNegative: 4, minRatio: 2.5, minShareLift: 0.08 },
    slow: { alphaVolume: 1e-4, alphaShare: 0.05, minNegative: 15, minRatio: 1.6, minShareLift: 0.06 },
  },
  balanced: {
    sharp: { alphaVolume: 1e-4, alphaShare: 0.05, minNegative: 6, minRatio: 3, minShareLift: 0.1 },
    slow: { alphaVolume: 1e-6, alphaShare: 0.01, minNegative: 20, minRatio: 1.8, minShareLift: 0.08 },
  },
  low: {
    sharp: { alphaVolume: 1e-6, alphaShare: 0.01, minNegative: 10, minRatio: 4, minShareLift: 0.15 },
    slow: { alphaVolume: 1e-8, alphaShare: 0.001, minNegative: 30, minRatio: 2.2, minShareLift: 0.1 },
  },
};

export const BUCKET_MS = BUCKET_MINUTES * 60_000;
const SHARP_BUCKETS = 12;
const BURST_BUCKETS = 3;
const SLOW_BUCKETS = 288;
const CALM_WINDOW_BUCKETS = 72;
const SHARE_TEST_FROM = 20;
/** An incident opens when two evaluations in a row (5 minutes apart) find the same anomaly. */
const OPEN_AFTER_EVALUATIONS = 2;
/** A sustained return to normal resolves an incident. */
export const CALM_TO_RESOLVE_MINUTES = 90;
export const MAX_EMAILS_BEFORE_RESOLUTION = 3;
/** Floor of the usual negative rate (per hour): a brand with no history is not assumed to have none. */
const FLOOR_NEGATIVE_PER_HOUR = 0.5;
const FLOOR_TOTAL_PER_HOUR = 3;
/** Memory of the usual level: ~2 weeks of a given hour of the week; ~3 days across all hours. */
const SLOT_SMOOTHING = 1 / 24;
const GLOBAL_SMOOTHING = 1 / 864;
/** Observations of a slot before it is trusted alone (3 weeks of that hour). */
const SLOT_TRUSTED_AFTER = 36;
/** Hour of the day: ~3 days of memory, trusted after 3 days. */
const HOUR_SMOOTHING = 1 / 36;
const HOUR_TRUSTED_AFTER = 36;
/** The first day: too little history to tell a storm from a rhythm, so the bar is higher. */
const COLD_START_BUCKETS = 288;

interface Mean {
  negative: number;
  total: number;
  n: number;
}

export interface RadarBucket {
  start: string;
  total: number;
  negative: number;
  negativeReach: number;
  /** Negative mentions per network, when any. */
  byNetwork: Partial<Record<Network, number>>;
  usualNegative: number;
  usualTotal: number;
  /** Standard error of usualNegative. */
  usualNegativeError?: number;
  /** Counted while an incident was open: left out of the slow window, so one storm is one incident. */
  inIncident?: boolean;
  /** Seen while negativity was building up, or during a data gap: not learnt from. */
  elevated?: boolean;
  gap?: boolean;
}

export interface OpenIncident {
  incidentId: string;
  severity: Severity;
  openedAt: string;
  peakNegativePerHour: number;
  networks: Network[];
  window: 'sharp' | 'slow';
  emails: number;
  lastEmailAt: string;
  calmSince?: string;
}

export interface RadarState {
  version: 2;
  /** End of the last bucket taken into account (exclusive). */
  through?: string;
  /** The last 24 hours, oldest first, one entry per 5-minute bucket. */
  buckets: RadarBucket[];
  /** Per hour of the week (168), per hour of the day (24, learns the daily rhythm within days), all hours. */
  slots: Mean[];
  hours: Mean[];
  global: Mean;
  incident?: OpenIncident;
  incidentsOpened: number;
  /** Consecutive anomalous evaluations while no incident is open: one alone may be a fluke. */
  anomalousStreak?: number;
}

export interface RadarOptions {
  sensitivity: Sensitivity;
  timeZone: string;
  /** Minutes without acknowledgement after the last email before a reminder. */
  reminderMinutes: number;
  acknowledged: boolean;
}

export function initialRadarState(): RadarState {
  const zero = (): Mean => ({ negative: 0, total: 0, n: 0 });
  return {
    version: 2,
    buckets: [],
    slots: Array.from({ length: 168 }, zero),
    hours: Array.from({ length: 24 }, zero),
    global: zero(),
    incidentsOpened: 0,
  };
}

function corrected(mean: Mean, smoothing: number): { negative: number; total: number } {
  if (mean.n === 0) return { negative: 0, total: 0 };
  const weight = 1 - (1 - smoothing) ** mean.n;
  return { negative: mean.negative / weight, total: mean.total / weight };
}

/**
 * Usual negative and total mentions per 5-minute bucket at this hour of the week: the hour of the
 * week once it has three weeks of history, the hour of the day before (three days suffice), the
 * all-hours mean at the very start. Blended by how much history each has. `negativeError` is the
 * standard error of the negative estimate: a usual level learnt from little data is uncertain, and
 * the radar gives it the benefit of the doubt.
 */
function usualFor(
  state: RadarState,
  slot: number,
): { negative: number; total: number; negativeError: number } {
  const blend = (
    mean: Mean,
    smoothing: number,
    trustedAfter: number,
    fallback: { negative: number; total: number; samples: number },
  ) => {
    const trust = Math.min(1, mean.n / trustedAfter);
    const own = corrected(mean, smoothing);
    // An exponentially weighted mean remembers about 2/smoothing observations.
    const samples = Math.min(mean.n, 2 / smoothing);
    return {
      negative: trust * own.negative + (1 - trust) * fallback.negative,
      total: trust * own.total + (1 - trust) * fallback.total,
      samples: trust * samples + (1 - trust) * fallback.samples,
    };
  };
  const global = {
    ...corrected(state.global, GLOBAL_SMOOTHING),
    samples: Math.min(state.global.n, 2 / GLOBAL_SMOOTHING),
  };
  const daily = blend(state.hours[slot % 24]!, HOUR_SMOOTHING, HOUR_TRUSTED_AFTER, global);
  const usual = blend(state.slots[slot]!, SLOT_SMOOTHING, SLOT_TRUSTED_AFTER, daily);
  return {
    negative: usual.negative,
    total: usual.total,
    negativeError: Math.sqrt(usual.negative / Math.max(usual.samples, 1)),
  };
}

function learn(mean: Mean, negative: number, total: number, smoothing: number): void {
  mean.negative += smoothing * (negative - mean.negative);
  mean.total += smoothing * (total - mean.total);
  mean.n += 1;
}

/** Clip an observation to what the usual level makes plausible, so a storm barely moves the mean. */
function clip(observed: number, usual: number): number {
  return Math.min(observed, usual + 3 * Math.sqrt(usual) + 2);
}

export interface WindowReading {
  negative: number;
  total: number;
  usualNegative: number;
  usualTotal: number;
  negativeShare: number;
  usualShare: number;
  ratio: number;
  anomalous: boolean;
  elevated: boolean;
}

export function readWindow(buckets: readonly RadarBucket[], thresholds: Thresholds): WindowReading {
  let negative = 0;
  let total = 0;
  let usualNegative = 0;
  let usualTotal = 0;
  // The buckets' estimation errors are correlated (same hours, same history): they add up linearly.
  let error = 0;
  for (const bucket of buckets) {
    negative += bucket.negative;
    total += bucket.total;
    usualNegative += bucket.usualNegative;
    usualTotal += bucket.usualTotal;
    error += bucket.usualNegativeError ?? 0;
  }
  const hours = (buckets.length * BUCKET_MINUTES) / 60;
  // One standard error above the estimate: an uncertain usual level does not make noise look like a storm.
  const lambda = Math.max(usualNegative + error, FLOOR_NEGATIVE_PER_HOUR * hours);
  const usualShare = Math.min(
    0.9,
    Math.max(0.02, lambda / Math.max(usualTotal, FLOOR_TOTAL_PER_HOUR * hours, lambda)),
  );
  const negativeShare = total ? negative / total : 0;
  const ratio = negative / lambda;
  const volumeTail = poissonUpperTail(negative, lambda);
  const shareTail = binomialUpperTail(negative, total, usualShare);
  // Below ~20 mentions a share test has no power: there, the lift in share alone must hold.
  const shareUp =
    negativeShare >= usualShare + thresholds.minShareLift &&
    (total < SHARE_TEST_FROM || shareTail < thresholds.alphaShare);
  const anomalous =
    negative >= thresholds.minNegative &&
    ratio >= thresholds.minRatio &&
    volumeTail < thresholds.alphaVolume &&
    shareUp;
  // Elevated but not (yet) a crisis: clearly more negative than usual in volume and in share. Not learnt
  // from. Kept strict: skipping ordinary upward noise would bias the usual level down.
  const elevated =
    ratio >= 1.5 && volumeTail < 1e-3 && negativeShare >= usualShare + thresholds.minShareLift / 2;
  return {
    negative,
    total,
    usualNegative: lambda,
    usualTotal,
    negativeShare,
    usualShare,
    ratio,
    anomalous,
    elevated,
  };
}

function severityOf(ratio: number): Severity {
  return ratio >= 15 ? 'critical' : ratio >= 6 ? 'major' : 'minor';
}

const SEVERITY_RANK: Record<Severity, number> = { minor: 1, major: 2, critical: 3 };

/** Moves the radar up to `now`, given the buckets counted since `state.through`. */
export function advanceRadar(
  previous: RadarState,
  newBuckets: readonly BucketDelta[],
  now: string,
  options: RadarOptions,
): { state: RadarState; events: DomainEvent[] } {
  const state: RadarState = structuredClone(previous);
  const nowMs = Date.parse(now);
  const closedThrough = nowMs - (nowMs % BUCKET_MS);

  const counted = new Map<
    string,
    { total: number; negative: number; negativeReach: number; byNetwork: Partial<Record<Network, number>> }
  >();
  for (const delta of newBuckets) {
    if (Date.parse(delta.bucketStart) >= closedThrough) continue; // still filling: next run
    const entry = counted.get(delta.bucketStart) ?? {
      total: 0,
      negative: 0,
      negativeReach: 0,
      byNetwork: {},
    };
    entry.total += delta.counts.total;
    entry.negative += delta.counts.negative;
    entry.negativeReach += delta.counts.negativeReach;
    if (delta.counts.negative)
      entry.byNetwork[delta.network] = (entry.byNetwork[delta.network] ?? 0) + delta.counts.negative;
    counted.set(delta.bucketStart, entry);
  }

  const events: DomainEvent[] = [];
  // First run: look back one hour, so what arrived just before the radar started counts.
  const start = state.through ? Date.parse(state.through) : closedThrough - SHARP_BUCKETS * BUCKET_MS;
  for (let t = start; t < closedThrough; t += BUCKET_MS) {
    const bucketStart = new Date(t).toISOString();
    const slot = hourOfWeek(bucketStart, options.timeZone);
    const usual = usualFor(state, slot);
    const observed = counted.get(bucketStart) ?? { total: 0, negative: 0, negativeReach: 0, byNetwork: {} };
    state.buckets.push({
      start: bucketStart,
      ...observed,
      usualNegative: usual.negative,
      usualTotal: usual.total,
      usualNegativeError: usual.negativeError,
    });
    if (state.buckets.length > SLOW_BUCKETS) state.buckets.shift();

    const at = new Date(t + BUCKET_MS).toISOString();
    const evaluation = evaluate(state, at, options);
    events.push(...evaluation.events);
    const current = state.buckets[state.buckets.length - 1]!;
    if (state.incident) current.inIncident = true;
    if (evaluation.elevated) current.elevated = true;
    // A data gap: nothing at all where mentions are usual.
    if (observed.total === 0 && usual.total >= 1) current.gap = true;

    // A bucket is learnt from when it leaves the last hour, so that a storm has been seen (and its
    // buckets marked) before it could teach anything. Nothing is learnt from an incident, a data gap or
    // a build-up of negativity that is not a crisis yet: a slow burn must not become the new normal.
    const leaving = state.buckets[state.buckets.length - 1 - SHARP_BUCKETS];
    if (leaving && !leaving.inIncident && !leaving.gap && !leaving.elevated) {
      const leavingSlot = hourOfWeek(leaving.start, options.timeZone);
      const negative = clip(leaving.negative, leaving.usualNegative);
      const total = clip(leaving.total, leaving.usualTotal);
      learn(state.slots[leavingSlot]!, negative, total, SLOT_SMOOTHING);
      learn(state.hours[leavingSlot % 24]!, negative, total, HOUR_SMOOTHING);
      learn(state.global, negative, total, GLOBAL_SMOOTHING);
    }
  }
  state.through = new Date(closedThrough).toISOString();
  return { state, events };
}

function evaluate(
  state: RadarState,
  at: string,
  options: RadarOptions,
): { events: DomainEvent[]; elevated: boolean } {
  const events = evaluateIncident(state, at, options);
  const outsideIncidents = state.buckets.filter((bucket) => !bucket.inIncident);
  const thresholds = SENSITIVITY[options.sensitivity];
  const elevated =
    readWindow(state.buckets.slice(-SHARP_BUCKETS), thresholds.sharp).elevated ||
    (outsideIncidents.length >= SLOW_BUCKETS / 4 && readWindow(outsideIncidents, thresholds.slow).elevated);
  return { events, elevated };
}

/**
 * During the cold start (the first day of data) the usual level is a guess: a hundred times stricter
 * on improbability, and twice on the effect size and the minimum count. A real shitstorm passes anyway.
 */
function thresholdsFor(state: RadarState, sensitivity: Sensitivity): { sharp: Thresholds; slow: Thresholds } {
  const thresholds = SENSITIVITY[sensitivity];
  if (state.global.n >= COLD_START_BUCKETS) return thresholds;
  const stricter = (t: Thresholds): Thresholds => ({
    ...t,
    alphaVolume: t.alphaVolume / 100,
    minRatio: t.minRatio * 2,
    minNegative: t.minNegative * 2,
  });
  return { sharp: stricter(thresholds.sharp), slow: stricter(thresholds.slow) };
}

function evaluateIncident(state: RadarState, at: string, options: RadarOptions): DomainEvent[] {
  const thresholds = thresholdsFor(state, options.sensitivity);
  const sharp = readWindow(state.buckets.slice(-SHARP_BUCKETS), thresholds.sharp);
  const outsideIncidents = state.buckets.filter((bucket) => !bucket.inIncident);
  const slow =
    outsideIncidents.length >= SLOW_BUCKETS / 4
      ? readWindow(outsideIncidents, thresholds.slow)
      : { ...sharp, anomalous: false };
  // A storm is also big for the brand: at least minRatio × the negatives of a typical hour. The usual
  // level of a quiet hour (night, early morning) is uncertain; a handful of comments then is no shitstorm.
  const typicalHour = corrected(state.global, GLOBAL_SMOOTHING).negative * (60 / BUCKET_MINUTES);
  if (sharp.negative < thresholds.sharp.minRatio * typicalHour) sharp.anomalous = false;
  // The last 15 minutes, stricter: a violent storm is seen before it fills an hour.
  const burst = readWindow(state.buckets.slice(-BURST_BUCKETS), {
    ...thresholds.sharp,
    alphaVolume: thresholds.sharp.alphaVolume / 10,
    minRatio: thresholds.sharp.minRatio * 2,
  });
  if (burst.negative < (thresholds.sharp.minRatio * typicalHour) / 2) burst.anomalous = false;
  const reading = sharp.anomalous ? sharp : burst.anomalous ? burst : slow.anomalous ? slow : sharp;
  const anomalous = sharp.anomalous || burst.anomalous || slow.anomalous;
  const readingHours = reading === slow ? 24 : reading === burst ? BURST_BUCKETS / 12 : 1;
  const lastHour = state.buckets.slice(-SHARP_BUCKETS);
  const networks = networksOf(lastHour.some((b) => b.negative) ? lastHour : state.buckets);
  const figures = {
    at,
    networks,
    negativePerHour: sharp.negative,
    usualNegativePerHour: round(sharp.usualNegative),
    negativeShare: round(sharp.negativeShare),
    usualNegativeShare: round(sharp.usualShare),
    window: reading === slow ? ('slow' as const) : ('sharp' as const),
    negativeReach: lastHour.reduce((sum, b) => sum + b.negativeReach, 0),
  };
  const incident = state.incident;
  const events: DomainEvent[] = [];

  // Severity compares with a typical hour, not only with this hour: a storm at 3 a.m. is not worse for it.
  const severity = severityOf(
    reading.negative / Math.max(reading.usualNegative, typicalHour * readingHours, 1e-9),
  );

  if (!incident) {
    state.anomalousStreak = anomalous ? (state.anomalousStreak ?? 0) + 1 : 0;
    if (state.anomalousStreak < OPEN_AFTER_EVALUATIONS) return events;
    state.anomalousStreak = 0;
    state.incidentsOpened += 1;
    const incidentId = `inc-${at.slice(0, 16).replace(/[-:T]/g, '')}`;
    state.incident = {
      incidentId,
      severity,
      openedAt: at,
      peakNegativePerHour: sharp.negative,
      networks,
      window: figures.window,
      emails: 1,
      lastEmailAt: at,
    };
    events.push(domainEvent('incidentOpened', { incidentId, severity, ...figures }));
    return events;
  }

  incident.peakNegativePerHour = Math.max(incident.peakNegativePerHour, sharp.negative);
  incident.networks = [...new Set([...incident.networks, ...networks])].sort();
  if (anomalous && SEVERITY_RANK[severity] > SEVERITY_RANK[incident.severity]) {
    const previousSeverity = incident.severity;
    incident.severity = severity;
    if (incident.emails < MAX_EMAILS_BEFORE_RESOLUTION) {
      incident.emails += 1;
      incident.lastEmailAt = at;
      events.push(
        domainEvent('incidentEscalated', {
          incidentId: incident.incidentId,
          severity,
          previousSeverity,
          ...figures,
        }),
      );
    }
  }

  // Calm: the last hour is back near usual (and, for a slow burn, the last six hours too).
  const calm =
    !sharp.anomalous &&
    sharp.ratio < thresholds.sharp.minRatio / 1.5 &&
    (incident.window === 'sharp' ||
      readWindow(state.buckets.slice(-CALM_WINDOW_BUCKETS), thresholds.slow).ratio <
        thresholds.slow.minRatio / 1.2);
  if (!calm) delete incident.calmSince;
  else incident.calmSince ??= at;
  if (
    incident.calmSince &&
    Date.parse(at) - Date.parse(incident.calmSince) >= CALM_TO_RESOLVE_MINUTES * 60_000
  ) {
    events.push(
      domainEvent('incidentResolved', {
        incidentId: incident.incidentId,
        severity: incident.severity,
        openedAt: incident.openedAt,
        peakNegativePerHour: incident.peakNegativePerHour,
        ...figures,
        networks: incident.networks,
      }),
    );
    delete state.incident;
    return events;
  }

  const sinceLastEmail = Date.parse(at) - Date.parse(incident.lastEmailAt);
  if (
    !options.acknowledged &&
    incident.emails < MAX_EMAILS_BEFORE_RESOLUTION &&
    sinceLastEmail >= options.reminderMinutes * 60_000
  ) {
    incident.emails += 1;
    incident.lastEmailAt = at;
    events.push(
      domainEvent('incidentReminder', {
        incidentId: incident.incidentId,
        severity: incident.severity,
        ...figures,
      }),
    );
  }
  return events;
}

function networksOf(buckets: readonly RadarBucket[]): Network[] {
  const networks = new Set<Network>();
  for (const bucket of buckets)
    for (const network of Object.keys(bucket.byNetwork)) networks.add(network as Network);
  return [...networks].sort();
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The last 24 hours per hour (oldest first), for the email's chart. */
export function hourlyHistory(
  state: RadarState,
): { hourStart: string; negative: number; usualNegative: number; total: number }[] {
  const hours = new Map<
    string,
    { hourStart: string; negative: number; usualNegative: number; total: number }
  >();
  for (const bucket of state.buckets) {
    const hourStart = `${bucket.start.slice(0, 13)}:00:00.000Z`;
    const hour = hours.get(hourStart) ?? { hourStart, negative: 0, usualNegative: 0, total: 0 };
    hour.negative += bucket.negative;
    hour.total += bucket.total;
    hour.usualNegative += bucket.usualNegative;
    hours.set(hourStart, hour);
  }
  return [...hours.values()].map((hour) => ({ ...hour, usualNegative: round(hour.usualNegative) }));
}
