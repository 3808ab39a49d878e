import type { Network } from '../../config/client-config.ts';
import type { DomainEvent, Severity } from '../../events/catalog.ts';
import { domainEvent } from '../../events/catalog.ts';
import { BUCKET_MINUTES, type BucketCounts, type BucketDelta, emptyCounts } from './buckets.ts';

/**
 * The crisis radar, first version: a sliding one-hour window of 5-minute buckets compared with an
 * exponentially weighted usual level, and an incident state machine (opened → escalated → resolved).
 * Pure: the detect-spikes function loads the state, calls `advanceRadar`, saves the state and
 * publishes the events. The crisis issue replaces the statistics; the contract stays.
 */
export type Sensitivity = 'low' | 'balanced' | 'high';

/** What a crisis is, per sensitivity (documented in docs/crisis.md). */
export const SENSITIVITY_THRESHOLDS: Record<
  Sensitivity,
  { minNegativePerHour: number; minNegativeShare: number; minRatioToUsual: number }
> = {
  low: { minNegativePerHour: 20, minNegativeShare: 0.5, minRatioToUsual: 4 },
  balanced: { minNegativePerHour: 10, minNegativeShare: 0.4, minRatioToUsual: 3 },
  high: { minNegativePerHour: 6, minNegativeShare: 0.3, minRatioToUsual: 2 },
};

const WINDOW_BUCKETS = 60 / BUCKET_MINUTES;
/** A sustained return to normal: this long below the threshold resolves the incident. */
export const CALM_TO_RESOLVE_MINUTES = 60;
/** Weight of the newest hour in the usual level (≈ one day of memory). */
const USUAL_SMOOTHING = 1 / 24;

export interface OpenIncident {
  incidentId: string;
  severity: Severity;
  openedAt: string;
  peakNegativePerHour: number;
  networks: Network[];
  calmSince?: string;
}

export interface RadarState {
  /** End of the last bucket taken into account (exclusive). */
  through?: string;
  /** The last hour, oldest first, one entry per 5-minute bucket. */
  window: { bucketStart: string; counts: BucketCounts; networks: Network[] }[];
  usualNegativePerHour: number;
  usualNegativeShare: number;
  incident?: OpenIncident;
  incidentsOpened: number;
}

export function initialRadarState(): RadarState {
  return { window: [], usualNegativePerHour: 0, usualNegativeShare: 0, incidentsOpened: 0 };
}

const SEVERITY_RANK: Record<Severity, number> = { minor: 1, major: 2, critical: 3 };

/** Moves the radar up to `now`, given the buckets counted since `state.through`. */
export function advanceRadar(
  previous: RadarState,
  newBuckets: readonly BucketDelta[],
  now: string,
  sensitivity: Sensitivity,
): { state: RadarState; events: DomainEvent[] } {
  const state: RadarState = structuredClone(previous);
  const nowMs = Date.parse(now);
  const bucketMs = BUCKET_MINUTES * 60_000;
  const closedThrough = nowMs - (nowMs % bucketMs);

  const byBucket = new Map<string, { counts: BucketCounts; networks: Set<Network> }>();
  for (const delta of newBuckets) {
    if (Date.parse(delta.bucketStart) >= closedThrough) continue; // still filling: next run
    const entry = byBucket.get(delta.bucketStart) ?? { counts: emptyCounts(), networks: new Set<Network>() };
    for (const key of Object.keys(entry.counts) as (keyof BucketCounts)[])
      entry.counts[key] += delta.counts[key];
    if (delta.counts.negative > 0) entry.networks.add(delta.network);
    byBucket.set(delta.bucketStart, entry);
  }

  const events: DomainEvent[] = [];
  // First run: look back one window, so what arrived just before the radar started counts.
  const start = state.through ? Date.parse(state.through) : closedThrough - WINDOW_BUCKETS * bucketMs;
  for (let t = start; t < closedThrough; t += bucketMs) {
    const bucketStart = new Date(t).toISOString();
    const entry = byBucket.get(bucketStart);
    state.window.push({
      bucketStart,
      counts: entry?.counts ?? emptyCounts(),
      networks: [...(entry?.networks ?? [])],
    });
    if (state.window.length > WINDOW_BUCKETS) state.window.shift();
    events.push(...evaluate(state, new Date(t + bucketMs).toISOString(), sensitivity));
  }
  state.through = new Date(closedThrough).toISOString();
  return { state, events };
}

function evaluate(state: RadarState, at: string, sensitivity: Sensitivity): DomainEvent[] {
  const thresholds = SENSITIVITY_THRESHOLDS[sensitivity];
  const hour = state.window.reduce(
    (sum, bucket) => ({
      negative: sum.negative + bucket.counts.negative,
      total: sum.total + bucket.counts.total,
    }),
    { negative: 0, total: 0 },
  );
  const share = hour.total ? hour.negative / hour.total : 0;
  const usual = state.usualNegativePerHour;
  // The level to beat: the absolute minimum, or a multiple of what is usual at this time, whichever is higher.
  const threshold = Math.max(thresholds.minNegativePerHour, thresholds.minRatioToUsual * usual);
  const level = hour.negative / threshold;
  const storming = level >= 1 && share >= thresholds.minNegativeShare;
  const severity: Severity = level >= 4 ? 'critical' : level >= 2 ? 'major' : 'minor';
  const networks = [...new Set(state.window.flatMap((bucket) => bucket.networks))].sort();
  const figures = {
    at,
    networks,
    negativePerHour: hour.negative,
    usualNegativePerHour: round(usual),
    negativeShare: round(share),
    usualNegativeShare: round(state.usualNegativeShare),
  };
  const events: DomainEvent[] = [];
  const incident = state.incident;

  if (!incident && storming) {
    state.incidentsOpened += 1;
    const incidentId = `inc-${at.slice(0, 16).replace(/[-:T]/g, '')}`;
    state.incident = { incidentId, severity, openedAt: at, peakNegativePerHour: hour.negative, networks };
    events.push(domainEvent('incidentOpened', { incidentId, severity, ...figures }));
  } else if (incident) {
    incident.peakNegativePerHour = Math.max(incident.peakNegativePerHour, hour.negative);
    incident.networks = [...new Set([...incident.networks, ...networks])].sort();
    if (storming && SEVERITY_RANK[severity] > SEVERITY_RANK[incident.severity]) {
      events.push(
        domainEvent('incidentEscalated', {
          incidentId: incident.incidentId,
          severity,
          previousSeverity: incident.severity,
          ...figures,
        }),
      );
      incident.severity = severity;
    }
    const calm = level < 0.5;
    if (!calm) delete incident.calmSince;
    else if (!incident.calmSince) incident.calmSince = at;
    else if (Date.parse(at) - Date.parse(incident.calmSince) >= CALM_TO_RESOLVE_MINUTES * 60_000) {
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
    }
  }

  // The usual level learns only outside incidents, so a storm does not become the new normal.
  if (!state.incident) {
    const weight = USUAL_SMOOTHING / (60 / BUCKET_MINUTES);
    state.usualNegativePerHour += weight * (hour.negative - state.usualNegativePerHour);
    state.usualNegativeShare += weight * (share - state.usualNegativeShare);
  }
  return events;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
