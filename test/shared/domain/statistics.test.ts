import { describe, expect, it } from 'vitest';
import { binomialUpperTail, logGamma, poissonUpperTail } from '../../../shared/domain/crisis/statistics.ts';

/** Direct sums, fine for small arguments: the reference the closed forms are checked against. */
function poissonTailBySum(k: number, lambda: number): number {
  let cdf = 0;
  let term = Math.exp(-lambda);
  for (let i = 0; i < k; i++) {
    cdf += term;
    term *= lambda / (i + 1);
  }
  return 1 - cdf;
}
function binomialTailBySum(k: number, n: number, p: number): number {
  let sum = 0;
  for (let i = k; i <= n; i++)
    sum += Math.exp(logGamma(n + 1) - logGamma(i + 1) - logGamma(n - i + 1)) * p ** i * (1 - p) ** (n - i);
  return sum;
}

describe('count-aware tails', () => {
  it('ln Γ matches factorials', () => {
    expect(logGamma(1)).toBeCloseTo(0, 10);
    expect(logGamma(6)).toBeCloseTo(Math.log(120), 10);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 8);
  });

  it('Poisson upper tail matches the direct sum', () => {
    for (const [k, lambda] of [
      [6, 0.3],
      [1, 2],
      [10, 3],
      [40, 30],
      [130, 100],
    ] as const) {
      expect(poissonUpperTail(k, lambda)).toBeCloseTo(poissonTailBySum(k, lambda), 10);
    }
    expect(poissonUpperTail(0, 5)).toBe(1);
    expect(poissonUpperTail(3, 0)).toBe(0);
  });

  it('says a jump from 1 to 6 negatives matters at 3 mentions an hour, but 1,100 vs 1,000 does not', () => {
    expect(poissonUpperTail(6, 0.3)).toBeLessThan(1e-6);
    expect(poissonUpperTail(1_060, 1_000)).toBeGreaterThan(0.02);
  });

  it('binomial upper tail matches the direct sum', () => {
    for (const [k, n, p] of [
      [6, 8, 0.1],
      [3, 10, 0.3],
      [30, 100, 0.2],
      [0, 5, 0.5],
    ] as const) {
      expect(binomialUpperTail(k, n, p)).toBeCloseTo(binomialTailBySum(k, n, p), 10);
    }
    expect(binomialUpperTail(9, 8, 0.5)).toBe(0);
  });
});
