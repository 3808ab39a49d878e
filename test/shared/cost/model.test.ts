import { describe, expect, it } from 'vitest';
import {
  defaultAssumptions,
  type MonthlyUsage,
  monthlyBill,
  totalOf,
  usageOf,
} from '../../../shared/cost/model.ts';
import { emptyOperations } from '../../../shared/cost/operations.ts';
import { prices } from '../../../shared/cost/prices.ts';

const nothing: MonthlyUsage = {
  lambda: [],
  dynamodb: { writeUnits: 0, readUnits: 0, storageGb: 0, pointInTimeRecovery: false },
  eventBridge: { events: 0, schedulerInvocations: 0 },
  sqsRequests: 0,
  httpRequests: 0,
  emails: 0,
  logs: { ingestedGb: 0, storedGb: 0 },
  customMetrics: 0,
  alarms: 0,
  dashboards: 0,
  xRayTraces: 0,
  secrets: { count: 0, apiCalls: 0 },
  s3: { puts: 0, storedGb: 0 },
};
const usd = (usage: Partial<MonthlyUsage>, freeTier = false) =>
  totalOf(monthlyBill({ ...nothing, ...usage }, prices, { freeTier }));

describe('monthly bill', () => {
  it('costs nothing for nothing', () => {
    expect(usd({})).toBe(0);
  });

  it('prices each service at its list price', () => {
    expect(
      usd({ dynamodb: { writeUnits: 1e6, readUnits: 1e6, storageGb: 0, pointInTimeRecovery: false } }),
    ).toBeCloseTo(0.625 + 0.125);
    expect(usd({ eventBridge: { events: 2e6, schedulerInvocations: 0 } })).toBeCloseTo(2);
    expect(usd({ secrets: { count: 3, apiCalls: 20_000 } })).toBeCloseTo(1.2 + 0.1);
    expect(usd({ alarms: 5, dashboards: 1 })).toBeCloseTo(0.5 + 3);
    expect(usd({ emails: 1000, httpRequests: 1e6 })).toBeCloseTo(0.1 + 1);
  });

  it('bills Lambda duration in GB-seconds at the configured memory, init included', () => {
    const lambda = [
      {
        functionId: 'f',
        memoryMb: 512,
        invocations: 1000,
        billedMsPerInvocation: 100,
        coldStarts: 10,
        initMs: 200,
      },
    ];
    // 0.5 GB × (100 s + 2 s) = 51 GB-s; 1,000 requests.
    expect(usd({ lambda })).toBeCloseTo(51 * 0.0000133334 + 0.0002, 6);
  });

  it('takes the always-free allowances off when asked', () => {
    expect(usd({ alarms: 12 }, true)).toBeCloseTo(0.2);
    expect(usd({ dashboards: 1, customMetrics: 10 }, true)).toBe(0);
    expect(usd({ secrets: { count: 1, apiCalls: 0 } }, true)).toBeCloseTo(0.4); // no free secrets
  });
});

describe('usage of a month of operations', () => {
  const stack = {
    functions: [{ id: 'f', memoryMb: 256, readsSecrets: true }],
    alarms: 2,
    dashboards: 1,
    queuesPolledByLambda: 1,
    secrets: 2,
    pointInTimeRecovery: true,
  };

  it('adds the in-region latency of AWS calls to the measured handler time, and caps cold starts', () => {
    const operations = {
      ...emptyOperations(),
      invocations: { f: 10_000 },
      handlerMs: { f: 20_000 },
      awsCalls: { f: 20_000 },
    };
    const usage = usageOf(operations, stack, defaultAssumptions);
    expect(usage.lambda[0]).toMatchObject({
      invocations: 10_000,
      billedMsPerInvocation: 2 + 2 * 8,
      coldStarts: 2_880,
    });
    expect(usage.secrets.apiCalls).toBe(8_640);
    expect(usage.sqsRequests).toBe(defaultAssumptions.idlePollsPerQueue);
    expect(usage.xRayTraces).toBe(10_000);
  });

  it('counts a custom metric only if it was published', () => {
    const operations = { ...emptyOperations(), emittedMetrics: { 'Vigie/f/A': 3, 'Vigie/f/B': 0 } };
    expect(usageOf(operations, stack, defaultAssumptions).customMetrics).toBe(1);
  });

  it('shortens stored logs with the retention knob', () => {
    const operations = { ...emptyOperations(), logBytes: { f: 1024 ** 3 } };
    const month = usageOf(operations, stack, { ...defaultAssumptions, logRetentionDays: 30 }).logs.storedGb;
    const week = usageOf(operations, stack, { ...defaultAssumptions, logRetentionDays: 7 }).logs.storedGb;
    expect(week).toBeCloseTo((month * 7) / 30);
  });
});
