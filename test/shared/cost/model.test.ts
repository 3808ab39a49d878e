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
  customMetrics: { metrics: 0, metricHours: 0 },
  alarms: 0,
  dashboards: 0,
  xRayTraces: 0,
  secretsManager: { secrets: 0, apiCalls: 0 },
  parameterStore: { parameters: 0, apiCalls: 0 },
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
    expect(usd({ secretsManager: { secrets: 3, apiCalls: 20_000 } })).toBeCloseTo(1.2 + 0.1);
    // Parameter Store is free (standard parameters and throughput); each read decrypts with KMS.
    expect(usd({ parameterStore: { parameters: 6, apiCalls: 30_000 } })).toBeCloseTo(0.09);
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
    expect(usd({ dashboards: 1, customMetrics: { metrics: 10, metricHours: 7_300 } }, true)).toBe(0);
    expect(usd({ secretsManager: { secrets: 1, apiCalls: 0 } }, true)).toBeCloseTo(0.4); // no free secrets
    expect(usd({ parameterStore: { parameters: 6, apiCalls: 30_000 } }, true)).toBeCloseTo(0.03); // 20,000 free
  });

  it('prorates custom metrics by the hours they are published, 730 hours a metric-month', () => {
    expect(usd({ customMetrics: { metrics: 1, metricHours: 730 } })).toBeCloseTo(0.3);
    expect(usd({ customMetrics: { metrics: 1, metricHours: 73 } })).toBeCloseTo(0.03);
    expect(usd({ customMetrics: { metrics: 12, metricHours: 12 * 730 } })).toBeCloseTo(3.6);
  });

  it('takes the 10 free metrics off the prorated count, as the bill does', () => {
    // 12 metrics all month: 12 metric-months, 2 over the allowance.
    expect(usd({ customMetrics: { metrics: 12, metricHours: 12 * 730 } }, true)).toBeCloseTo(0.6);
    // 20 metrics published half of the month: 10 metric-months, all free.
    expect(usd({ customMetrics: { metrics: 20, metricHours: 20 * 365 } }, true)).toBe(0);
    // 25 metrics published half of the month: 12.5 metric-months, 2.5 over.
    expect(usd({ customMetrics: { metrics: 25, metricHours: 25 * 365 } }, true)).toBeCloseTo(0.75);
  });
});

describe('usage of a month of operations', () => {
  const stack = {
    functions: [
      { id: 'f', memoryMb: 256, readsSecretsManager: true, readsParameters: false },
      { id: 'g', memoryMb: 256, readsSecretsManager: false, readsParameters: true },
    ],
    alarms: 2,
    dashboards: 1,
    queuesPolledByLambda: 1,
    secrets: 2,
    parameters: 4,
    pointInTimeRecovery: true,
  };

  it('adds the in-region latency of AWS calls to the measured handler time, and caps cold starts', () => {
    const operations = {
      ...emptyOperations(),
      invocations: { f: 10_000, g: 500 },
      handlerMs: { f: 20_000 },
      awsCalls: { f: 20_000 },
    };
    const usage = usageOf(operations, stack, defaultAssumptions);
    expect(usage.lambda[0]).toMatchObject({
      invocations: 10_000,
      billedMsPerInvocation: 2 + 2 * 8,
      coldStarts: 2_880,
    });
    // A cached secret is re-read at most every 5 minutes: 8,640 calls a month per function at most.
    expect(usage.secretsManager).toEqual({ secrets: 2, apiCalls: 8_640 });
    expect(usage.parameterStore).toEqual({ parameters: 4, apiCalls: 500 });
    expect(usage.sqsRequests).toBe(defaultAssumptions.idlePollsPerQueue);
    expect(usage.xRayTraces).toBe(10_500);
  });

  it('counts a custom metric for the hours it is published in, and only if it is published', () => {
    const operations = { ...emptyOperations(), emittedMetrics: { 'Vigie/f/A': 3, 'Vigie/f/B': 0 } };
    const hours = { 'Vigie/f/A': 30, 'Vigie/f/B': 0 };
    expect(usageOf(operations, stack, defaultAssumptions, hours).customMetrics).toEqual({
      metrics: 1,
      metricHours: 30,
    });
    // Untimed (a replay): every metric published counts the whole 30-day month.
    expect(usageOf(operations, stack, defaultAssumptions).customMetrics).toEqual({
      metrics: 1,
      metricHours: 720,
    });
  });

  it('shortens stored logs with the retention knob', () => {
    const operations = { ...emptyOperations(), logBytes: { f: 1024 ** 3 } };
    const month = usageOf(operations, stack, { ...defaultAssumptions, logRetentionDays: 30 }).logs.storedGb;
    const week = usageOf(operations, stack, { ...defaultAssumptions, logRetentionDays: 7 }).logs.storedGb;
    expect(week).toBeCloseTo((month * 7) / 30);
  });
});
