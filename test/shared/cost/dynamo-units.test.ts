import { describe, expect, it } from 'vitest';
import { dynamoItemBytes, readUnits, writeUnits } from '../../../shared/cost/dynamo-units.ts';

describe('DynamoDB billing arithmetic', () => {
  it('sizes an item as DynamoDB does: names and values, numbers by significant digits', () => {
    expect(dynamoItemBytes({ pk: 'MENTIONS#2026-03-02' })).toBe(2 + 19);
    expect(dynamoItemBytes({ n: 12345 })).toBe(1 + 4); // 5 digits → 3 bytes, plus 1
    expect(dynamoItemBytes({ n: 1200 })).toBe(1 + 2); // trailing zeros do not count
    expect(dynamoItemBytes({ ok: true, none: null })).toBe(2 + 1 + 4 + 1);
    expect(dynamoItemBytes({ s: new Set(['ab', 'cde']) })).toBe(1 + 5);
    expect(dynamoItemBytes({ l: ['ab', 1] })).toBe(1 + 3 + (1 + 2) + (1 + 2));
    expect(dynamoItemBytes({ m: { a: 'xy' } })).toBe(1 + 3 + 1 + (1 + 2));
    expect(dynamoItemBytes({ skipped: undefined, é: 'é' })).toBe(2 + 2);
  });

  it('bills writes per started KB and reads per started 4 KB, at least one unit', () => {
    expect(writeUnits(0)).toBe(1);
    expect(writeUnits(1024)).toBe(1);
    expect(writeUnits(1025)).toBe(2);
    expect(readUnits(100, true)).toBe(1);
    expect(readUnits(100, false)).toBe(0.5);
    expect(readUnits(4097, false)).toBe(1);
  });
});
