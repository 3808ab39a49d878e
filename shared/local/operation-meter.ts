import { AsyncLocalStorage } from 'node:async_hooks';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoItemBytes, writeUnits } from '../cost/dynamo-units.ts';
import { type BilledOperations, emptyOperations } from '../cost/operations.ts';
import { tableDefinition } from '../data/table.ts';
import { type FunctionSpec, queueBatchingOf } from '../events/routing.ts';

/** One counted DynamoDB call: who made it, on which kind of item, and what it cost. */
export interface MeteredCall {
  functionId: string;
  command: string;
  /** The item kind: the partition key's prefix (`MENTIONS`, `COUNTS`, `DELIVERY`, …). */
  item: string;
  writeUnits: number;
  readUnits: number;
  /** Writes to the table's secondary index (projection ALL: the item's size again, at least 1). */
  indexWriteUnits: number;
  conditionFailed: boolean;
}

const WRITE_COMMANDS = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand']);
const INDEX_KEYS = tableDefinition.indexes.map((index) => index.partitionKey);

/**
 * Counts what the local stack would be billed for in AWS: DynamoDB request units (from dynalite's
 * ConsumedCapacity, computed the DynamoDB way; failed conditional writes still cost, from the item
 * size), secondary-index writes (dynalite does not report them), invocations and handler time per
 * function, bus entries, emails and archived bodies. Attach it before the handlers are built.
 */
export class OperationMeter {
  /** Every DynamoDB call, when asked for (`keepCalls`): a month's replay makes millions. */
  readonly calls: MeteredCall[] = [];
  private readonly current = new AsyncLocalStorage<string>();
  private readonly readingBack = new AsyncLocalStorage<boolean>();
  private readonly totals: BilledOperations = emptyOperations();

  constructor(private readonly options: { keepCalls?: boolean } = {}) {}

  /**
   * Counts the invocations of a function of the routing table, its handler time, its HTTP requests
   * or queued messages, and attributes its DynamoDB calls (and, with `countLogs`, its log bytes) to it.
   */
  wrap<Context, Result>(
    spec: FunctionSpec,
    handler: (event: never, context: Context) => Promise<Result>,
  ): (event: never, context: Context) => Promise<Result> {
    // Rules' buffers and the queues functions send to: each message is sent, received and deleted.
    const queued = queueBatchingOf(spec) !== undefined;
    return (event, context) =>
      this.current.run(spec.id, async () => {
        const started = performance.now();
        try {
          return await handler(event, context);
        } finally {
          this.add({
            invocations: { [spec.id]: 1 },
            handlerMs: { [spec.id]: performance.now() - started },
            httpRequests: spec.trigger.kind === 'http' ? 1 : 0,
            queuedMessages: queued ? ((event as { Records?: unknown[] }).Records?.length ?? 0) : 0,
          });
        }
      });
  }

  /**
   * Counts what the functions write to stdout (Powertools' JSON logs and EMF metrics: both are
   * CloudWatch Logs ingestion in AWS), attributed to the function running. For benchmarks.
   */
  countLogs(): () => void {
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      if (this.current.getStore()) {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        this.add({
          logBytes: { [this.current.getStore()!]: Buffer.byteLength(text) },
          emittedMetrics: emfMetricsOf(text),
        });
        return true;
      }
      return original(chunk, ...rest);
    }) as typeof process.stdout.write;
    return () => {
      process.stdout.write = original;
    };
  }

  /** Counts the request units of every call made through this client (a middleware on its stack). */
  attach(client: DynamoDBDocumentClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (this.readingBack.getStore()) return next(args);
        const input = args.input as Record<string, unknown>;
        input.ReturnConsumedCapacity = 'TOTAL';
        const command = context.commandName ?? 'unknown';
        try {
          const result = await next(args);
          const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } })
            .ConsumedCapacity;
          const units = consumed?.CapacityUnits ?? 0;
          const isWrite = WRITE_COMMANDS.has(command);
          await this.record(client, command, input, {
            writeUnits: isWrite ? units : 0,
            readUnits: isWrite ? 0 : units,
            conditionFailed: false,
          });
          return result;
        } catch (error) {
          if ((error as { name?: string }).name === 'ConditionalCheckFailedException') {
            // DynamoDB charges a failed conditional write as a write of the item (at least 1 unit).
            const item = input.Item as Record<string, unknown> | undefined;
            const bytes = item ? dynamoItemBytes(item) : 0;
            await this.record(client, command, input, {
              writeUnits: writeUnits(bytes),
              readUnits: 0,
              conditionFailed: true,
            });
          }
          throw error;
        }
      },
      { step: 'initialize', name: 'vigieOperationMeter', override: true },
    );
  }

  add(operations: Partial<BilledOperations>): void {
    for (const [key, value] of Object.entries(operations) as [keyof BilledOperations, unknown][]) {
      if (typeof value === 'number') (this.totals[key] as number) += value;
      else {
        const into = this.totals[key] as Record<string, number>;
        for (const [name, count] of Object.entries(value as Record<string, number>))
          into[name] = (into[name] ?? 0) + count;
      }
    }
  }

  /** Everything counted so far. */
  snapshot(): BilledOperations {
    return structuredClone(this.totals);
  }

  private async record(
    client: DynamoDBDocumentClient,
    command: string,
    input: Record<string, unknown>,
    units: { writeUnits: number; readUnits: number; conditionFailed: boolean },
  ): Promise<void> {
    const functionId = this.current.getStore() ?? 'outside a function';
    const key = (input.Key ?? input.Item) as Record<string, unknown> | undefined;
    const values = input.ExpressionAttributeValues as Record<string, unknown> | undefined;
    const pk = String(key?.pk ?? values?.[':pk'] ?? '');
    const indexWriteUnits =
      WRITE_COMMANDS.has(command) && !units.conditionFailed
        ? await this.indexWriteUnits(client, command, input)
        : 0;
    if (this.options.keepCalls)
      this.calls.push({ functionId, command, item: pk.split('#')[0] || '?', indexWriteUnits, ...units });
    this.add({
      writeUnits: units.writeUnits + indexWriteUnits,
      readUnits: units.readUnits,
      awsCalls: { [functionId]: 1 },
    });
  }

  /** Index writes of a successful write: known from the Item of a put; read back (uncounted) otherwise. */
  private async indexWriteUnits(
    client: DynamoDBDocumentClient,
    command: string,
    input: Record<string, unknown>,
  ): Promise<number> {
    if (!INDEX_KEYS.length) return 0;
    let item = input.Item as Record<string, unknown> | undefined;
    if (command !== 'PutItemCommand') {
      const read = await this.readingBack.run(true, () =>
        client.send(
          new GetCommand({ TableName: input.TableName as string, Key: input.Key as Record<string, unknown> }),
        ),
      );
      // Deleted, or an update of an item outside the index: nothing written to the index.
      item = read.Item;
      if (command === 'DeleteItemCommand') return 0;
    }
    if (!item || !INDEX_KEYS.some((name) => item[name] !== undefined)) return 0;
    return writeUnits(dynamoItemBytes(item));
  }
}

/** The custom metrics of an EMF log line (Powertools metrics), one per name and dimension values. */
function emfMetricsOf(line: string): Record<string, number> {
  if (!line.includes('"_aws"')) return {};
  try {
    const record = JSON.parse(line) as {
      _aws?: {
        CloudWatchMetrics?: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
      };
    } & Record<string, unknown>;
    const metrics: Record<string, number> = {};
    for (const directive of record._aws?.CloudWatchMetrics ?? []) {
      const dimensions = directive.Dimensions.flat()
        .map((name) => String(record[name]))
        .join('/');
      for (const metric of directive.Metrics)
        metrics[`${directive.Namespace}/${dimensions}/${metric.Name}`] = 1;
    }
    return metrics;
  } catch {
    return {};
  }
}
