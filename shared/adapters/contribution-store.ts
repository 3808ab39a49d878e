import { paginateQuery, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../data/table.ts';
import type { Contribution } from '../domain/metrics/rollup.ts';
import type { TableRef } from './dynamodb.ts';
import { batchWrite } from './rollup-store.ts';

/**
 * Port: what each post and account added to each local hour, as the incremental rollup last
 * computed it. Stored twice: under the hour (to sum an hour) and under the source (to see what a
 * recomputed post changed, without reading every hour).
 */
export interface ContributionStore {
  ofHour(hour: string): Promise<Contribution[]>;
  /** A source's contributions, all of them or those of `fromHour` on. */
  ofSource(source: string, fromHour?: string): Promise<Contribution[]>;
  /** The source's latest contribution before `hour` (a post's lifetime counters then). */
  lastBefore(source: string, hour: string): Promise<Contribution | undefined>;
  /**
   * Makes each source's stored contributions `next` (given the `previous` ones read by `ofSource`):
   * writes only those that changed, deletes those gone; returns the hours that changed.
   */
  replaceSources(changes: readonly SourceChange[]): Promise<string[]>;
}

export interface SourceChange {
  source: string;
  previous: readonly Contribution[];
  next: readonly Contribution[];
}

function sameAs(a: Contribution | undefined, b: Contribution): boolean {
  return a !== undefined && sameContribution(a, b);
}

function sameContribution(a: Contribution, b: Contribution): boolean {
  if (a.pillar !== b.pillar || a.campaign !== b.campaign || a.network !== b.network) return false;
  // A post's contribution also carries its lifetime counters and linkage: compare those too.
  if (JSON.stringify(canonical(a.last)) !== JSON.stringify(canonical(b.last))) return false;
  if (JSON.stringify(canonical(a.linkage)) !== JSON.stringify(canonical(b.linkage))) return false;
  const fields = new Set([...Object.keys(a.values), ...Object.keys(b.values)]) as Set<
    keyof Contribution['values']
  >;
  return [...fields].every((field) => (a.values[field] ?? 0) === (b.values[field] ?? 0));
}

function canonical(value: object | undefined): [string, unknown][] {
  return Object.entries(value ?? {}).sort(([a], [b]) => a.localeCompare(b));
}

function toContribution(item: Record<string, unknown>): Contribution {
  const { pk, sk, ...contribution } = item;
  return contribution as unknown as Contribution;
}

export class DynamoContributionStore implements ContributionStore {
  constructor(private readonly table: TableRef) {}

  async ofHour(hour: string): Promise<Contribution[]> {
    return this.query(keys.contributionsOfHour(hour), '', '\uffff');
  }

  async ofSource(source: string, fromHour?: string): Promise<Contribution[]> {
    return this.query(source, `HOUR#${fromHour ?? ''}`, 'HOUR#\uffff');
  }

  async lastBefore(source: string, hour: string): Promise<Contribution | undefined> {
    const result = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :before',
        ExpressionAttributeValues: { ':pk': source, ':first': 'HOUR#', ':before': `HOUR#${hour}` },
        ScanIndexForward: false,
        Limit: 2,
      }),
    );
    // BETWEEN includes the hour itself: skip it.
    const item = result.Items?.find((candidate) => candidate.sk !== `HOUR#${hour}`);
    return item ? toContribution(item) : undefined;
  }

  async replaceSources(changes: readonly SourceChange[]): Promise<string[]> {
    const puts: Contribution[] = [];
    const deletes: Contribution[] = [];
    for (const { previous, next } of changes) {
      const before = new Map(previous.map((contribution) => [contribution.hour, contribution]));
      const after = new Set(next.map((contribution) => contribution.hour));
      puts.push(...next.filter((contribution) => !sameAs(before.get(contribution.hour), contribution)));
      deletes.push(...previous.filter((contribution) => !after.has(contribution.hour)));
    }
    // The hours' copies first, the sources' copies (what the next diff reads) after: a crash in
    // between leaves a source's copies stale, so the retry writes both again.
    const hourKey = (contribution: Contribution) => keys.contribution(contribution.hour, contribution.source);
    const sourceKey = (contribution: Contribution) => ({
      pk: contribution.source,
      sk: `HOUR#${contribution.hour}`,
    });
    for (const keyOf of [hourKey, sourceKey]) {
      await batchWrite(this.table, [
        ...puts.map((contribution) => ({
          PutRequest: { Item: { ...keyOf(contribution), ...contribution } },
        })),
        ...deletes.map((contribution) => ({ DeleteRequest: { Key: keyOf(contribution) } })),
      ]);
    }
    return [...puts, ...deletes].map((contribution) => contribution.hour);
  }

  private async query(pk: string, from: string, to: string): Promise<Contribution[]> {
    const contributions: Contribution[] = [];
    const pages = paginateQuery(
      { client: this.table.client },
      {
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
      },
    );
    for await (const page of pages)
      for (const item of page.Items ?? []) contributions.push(toContribution(item));
    return contributions;
  }
}
