import { BatchWriteCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { keys } from '../data/table.ts';
import type { Period } from '../domain/metrics/periods.ts';
import { compareRollups, type KpiRollup, type RollupNetwork, rollupKeyOf } from '../domain/metrics/rollup.ts';
import type { TableRef } from './dynamodb.ts';

export interface RollupQuery {
  period: Period;
  /** Rows whose `start` is in [from, to]: local dates `YYYY-MM-DD` (an hour's start for hours also works). */
  from: string;
  to: string;
  network?: RollupNetwork;
  /** One pillar's rows, one campaign's rows; with neither, the totals (rows without pillar or campaign). */
  pillar?: string;
  campaign?: string;
  /** Instead of the totals: every pillar's rows, every campaign's rows, or every row (totals included). */
  breakdown?: 'pillar' | 'campaign' | 'all';
}

/** Port: KPI rollup rows (`KpiRollup`), written by the rollup job and read by the API, worry lines and reports. */
export interface RollupStore {
  /** Writes (or overwrites) rows. */
  save(rows: readonly KpiRollup[]): Promise<void>;
  /**
   * Makes the stored rows of these period starts exactly `rows`: writes rows that changed, deletes
   * rows that no longer exist (e.g. a post moved to another pillar). Returns how many items it wrote or deleted.
   */
  replace(period: Period, starts: readonly string[], rows: readonly KpiRollup[]): Promise<number>;
  list(query: RollupQuery): Promise<KpiRollup[]>;
}

const BATCH_SIZE = 25;

type WriteRequest =
  | { PutRequest: { Item: Record<string, unknown> } }
  | { DeleteRequest: { Key: Record<string, unknown> } };

/** BatchWriteItem by 25, unprocessed items sent again (with a short backoff) until none is left. */
export async function batchWrite(table: TableRef, requests: readonly WriteRequest[]): Promise<void> {
  const batches: WriteRequest[][] = [];
  for (let start = 0; start < requests.length; start += BATCH_SIZE)
    batches.push(requests.slice(start, start + BATCH_SIZE));
  await forEachConcurrently(batches, 4, async (batch) => {
    let pending: WriteRequest[] = batch;
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
      const result = await table.client.send(
        new BatchWriteCommand({ RequestItems: { [table.tableName]: pending } }),
      );
      pending = (result.UnprocessedItems?.[table.tableName] ?? []) as WriteRequest[];
      if (attempt >= 8 && pending.length)
        throw new Error(`${pending.length} rollup writes still unprocessed`);
    }
  });
}

/** Runs `work` on every item, at most `concurrency` at a time. */
export async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

function rowKeys(row: KpiRollup) {
  return keys.rollup(row.period, row.start, row.network, row.pillar, row.campaign);
}

/** The partitions holding the rows of a period between two starts. */
function partitionsBetween(period: Period, from: string, to: string): string[] {
  const partitions: string[] = [];
  if (period === 'month') {
    for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++)
      partitions.push(keys.rollupPartition(period, `${year}`));
    return partitions;
  }
  let [year, month] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const last = to.slice(0, 7);
  for (;;) {
    const current = `${year}-${String(month).padStart(2, '0')}`;
    if (current > last) return partitions;
    partitions.push(keys.rollupPartition(period, current));
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
}

/** A dimension filter: an exact value, any value (a breakdown), or none (totals). */
function matches(value: string | undefined, wanted: string | undefined, anyValue: boolean): boolean {
  if (wanted !== undefined) return value === wanted;
  return anyValue ? value !== undefined : value === undefined;
}

/** Field by field (attributes read back may come in another order). */
function sameRow(stored: KpiRollup | undefined, row: KpiRollup): boolean {
  if (!stored) return false;
  const fields = Object.keys(row) as (keyof KpiRollup)[];
  return (
    Object.keys(stored).length === fields.length && fields.every((field) => stored[field] === row[field])
  );
}

function toRow(item: Record<string, unknown>): KpiRollup {
  const { pk, sk, ...row } = item;
  return row as unknown as KpiRollup;
}

export class DynamoRollupStore implements RollupStore {
  constructor(private readonly table: TableRef) {}

  async save(rows: readonly KpiRollup[]): Promise<void> {
    await batchWrite(
      this.table,
      rows.map((row) => ({ PutRequest: { Item: { ...rowKeys(row), ...row } } })),
    );
  }

  async replace(period: Period, starts: readonly string[], rows: readonly KpiRollup[]): Promise<number> {
    const wanted = new Map(rows.map((row) => [rollupKeyOf(row), row]));
    const stored = new Map<string, KpiRollup>();
    for (const start of starts) {
      for (const row of await this.query(keys.rollupPartition(period, start), `${start}#`, `${start}#\uffff`))
        stored.set(rollupKeyOf(row), row);
    }
    const changed = [...wanted].filter(([key, row]) => !sameRow(stored.get(key), row));
    const gone = [...stored].filter(([key]) => !wanted.has(key));
    await batchWrite(this.table, [
      ...changed.map(([, row]) => ({ PutRequest: { Item: { ...rowKeys(row), ...row } } })),
      ...gone.map(([, row]) => ({ DeleteRequest: { Key: rowKeys(row) } })),
    ]);
    return changed.length + gone.length;
  }

  async list(query: RollupQuery): Promise<KpiRollup[]> {
    const rows: KpiRollup[] = [];
    for (const partition of partitionsBetween(query.period, query.from, query.to)) {
      for (const row of await this.query(partition, query.from, `${query.to}\uffff`)) {
        if (query.network && row.network !== query.network) continue;
        if (query.breakdown === 'all') {
          rows.push(row);
          continue;
        }
        if (!matches(row.pillar, query.pillar, query.breakdown === 'pillar')) continue;
        if (!matches(row.campaign, query.campaign, query.breakdown === 'campaign')) continue;
        rows.push(row);
      }
    }
    return rows.sort(compareRollups);
  }

  private async query(pk: string, from: string, to: string): Promise<KpiRollup[]> {
    const rows: KpiRollup[] = [];
    const pages = paginateQuery(
      { client: this.table.client },
      {
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) rows.push(toRow(item));
    return rows;
  }
}
