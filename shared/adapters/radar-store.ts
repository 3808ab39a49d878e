import { gunzipSync, gzipSync } from 'node:zlib';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../data/table.ts';
import { initialRadarState, type RadarState } from '../domain/crisis/radar.ts';
import type { TableRef } from './dynamodb.ts';

export interface VersionedRadarState {
  state: RadarState;
  version: number;
}

/** Port: the crisis radar's state, saved with optimistic locking (two runs never both win). */
export interface RadarStore {
  load(): Promise<VersionedRadarState>;
  save(state: RadarState, expectedVersion: number): Promise<void>;
}

export class DynamoRadarStore implements RadarStore {
  constructor(private readonly table: TableRef) {}

  async load(): Promise<VersionedRadarState> {
    const { Item } = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.radarState(), ConsistentRead: true }),
    );
    if (!Item) return { state: initialRadarState(), version: 0 };
    const state = JSON.parse(gunzipSync(Item.state as Uint8Array).toString('utf8')) as RadarState;
    // A state saved by an older radar is not understood: start learning again, keep the version.
    return { state: state.version === 2 ? state : initialRadarState(), version: Item.version as number };
  }

  async save(state: RadarState, expectedVersion: number): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...keys.radarState(), state: encodeState(state), version: expectedVersion + 1 },
        ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
        ExpressionAttributeValues: expectedVersion === 0 ? undefined : { ':expected': expectedVersion },
      }),
    );
  }
}

/**
 * The state holds a day of 5-minute buckets (~60 KB of JSON): rounded to 4 decimals and gzipped it
 * is a few KB, i.e. a few write units every 5 minutes instead of sixty.
 */
function encodeState(state: RadarState): Uint8Array {
  const json = JSON.stringify(state, (_key, value) =>
    typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 10_000) / 10_000 : value,
  );
  return gzipSync(json);
}
