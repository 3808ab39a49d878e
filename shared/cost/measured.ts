import type { BilledOperations } from './operations.ts';

/** Operations of one unit of work (a mention, a snapshot, a scheduled run…), measured by bench/units.ts. */
export interface Scenario {
  name: string;
  /** What one unit is. */
  per: string;
  /** How many units the measurement ran (its operations are per unit). */
  units: number;
  operations: BilledOperations;
}

/** The content of shared/cost/measured-units.json. */
export interface MeasuredUnits {
  measuredAt: string;
  command: string;
  node: string;
  scenarios: Scenario[];
}

/** The measured scenario whose name starts with `prefix`; a missing one means the file is stale. */
export function scenarioNamed(measured: MeasuredUnits, prefix: string): Scenario {
  const scenario = measured.scenarios.find((candidate) => candidate.name.startsWith(prefix));
  if (!scenario)
    throw new Error(
      `shared/cost/measured-units.json has no “${prefix}…” scenario: run npx tsx bench/units.ts --write`,
    );
  return scenario;
}
