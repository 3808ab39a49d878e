/**
 * DynamoDB's billing arithmetic: the size of an item as DynamoDB counts it (attribute names plus
 * values; numbers by significant digits; lists and maps with their overhead) and the request units
 * a read or a write of that size consumes.
 */
export function dynamoItemBytes(item: Readonly<Record<string, unknown>>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    bytes += utf8Bytes(name) + valueBytes(value);
  }
  return bytes;
}

function valueBytes(value: unknown): number {
  if (typeof value === 'string') return utf8Bytes(value);
  if (typeof value === 'number' || typeof value === 'bigint') return numberBytes(String(value));
  if (typeof value === 'boolean' || value === null) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((sum: number, member) => sum + valueBytes(member), 0);
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, member) => sum + 1 + valueBytes(member), 0);
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return 3 + entries.length + dynamoItemBytes(Object.fromEntries(entries));
  }
  return 0;
}

/** About one byte per two significant digits, plus one. */
function numberBytes(text: string): number {
  const digits = text
    .replace(/^-/, '')
    .replace(/e.*$/i, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Write request units: 1 per started KB, at least 1 (also for a failed conditional write). */
export function writeUnits(itemBytes: number): number {
  return Math.max(1, Math.ceil(itemBytes / 1024));
}

/** Read request units: 1 per started 4 KB strongly consistent, half of it eventually consistent. */
export function readUnits(itemBytes: number, consistent: boolean): number {
  return Math.max(1, Math.ceil(itemBytes / 4096)) * (consistent ? 1 : 0.5);
}
