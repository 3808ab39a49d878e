/**
 * What a piece of Vigie's work costs in billable operations, as counted on the local stack
 * (shared/local/operation-meter.ts) and scaled into a month by the cost model.
 */
export interface BilledOperations {
  /** Lambda invocations per function id. */
  invocations: Record<string, number>;
  /** Handler time on this machine per function id (ms, summed). */
  handlerMs: Record<string, number>;
  /** AWS API calls made per function id (each adds network latency to the billed duration in AWS). */
  awsCalls: Record<string, number>;
  /** DynamoDB write request units, secondary-index writes included. */
  writeUnits: number;
  readUnits: number;
  /** Entries put on the event bus (billed per 64 KB chunk; Vigie's events are far smaller). */
  busEntries: number;
  /** Messages through SQS buffers (EventBridge → queue → Lambda): send, receive and delete each. */
  queuedMessages: number;
  /** HTTP API requests (routes and the authorizer's callers). */
  httpRequests: number;
  /** One-time EventBridge Scheduler invocations (recurring rules are free). */
  schedulerInvocations: number;
  emails: number;
  archivePuts: number;
  archiveBytes: number;
  /** Bytes each function wrote to its logs (JSON logs and EMF metrics). */
  logBytes: Record<string, number>;
  /** CloudWatch custom metrics published through EMF (`<namespace>/<service>/<name>`), times published. */
  emittedMetrics: Record<string, number>;
}

export function emptyOperations(): BilledOperations {
  return {
    invocations: {},
    handlerMs: {},
    awsCalls: {},
    writeUnits: 0,
    readUnits: 0,
    busEntries: 0,
    queuedMessages: 0,
    httpRequests: 0,
    schedulerInvocations: 0,
    emails: 0,
    archivePuts: 0,
    archiveBytes: 0,
    logBytes: {},
    emittedMetrics: {},
  };
}

/** a + factor × b, field by field. */
export function addOperations(a: BilledOperations, b: BilledOperations, factor = 1): BilledOperations {
  const sum = emptyOperations();
  for (const key of Object.keys(sum) as (keyof BilledOperations)[]) {
    const left = a[key];
    const right = b[key];
    if (typeof left === 'number' && typeof right === 'number') {
      (sum[key] as number) = left + factor * right;
    } else {
      const into = sum[key] as Record<string, number>;
      for (const [name, value] of Object.entries(left as Record<string, number>)) into[name] = value;
      for (const [name, value] of Object.entries(right as Record<string, number>))
        into[name] = (into[name] ?? 0) + factor * value;
    }
  }
  return sum;
}

export function scaleOperations(operations: BilledOperations, factor: number): BilledOperations {
  return addOperations(emptyOperations(), operations, factor);
}

export function sumOf(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, value) => sum + value, 0);
}
