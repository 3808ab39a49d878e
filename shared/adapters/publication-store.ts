import { DeleteCommand, GetCommand, PutCommand, paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Network } from '../config/client-config.ts';
import { expiresAfterDays, keys } from '../data/table.ts';
import { localDay, localDaysBetween } from '../domain/publishing/local-time.ts';
import {
  type CalendarEntry,
  type PublicationStore,
  type StoredPublication,
  VersionConflictError,
} from '../domain/publishing/ports.ts';
import type { HistoryEntry, NetworkOutcome, Publication } from '../domain/publishing/publication.ts';
import { textFingerprint, textFor } from '../domain/publishing/requests.ts';
import type { CounterName, DomainEvent } from '../events/catalog.ts';
import { isConditionalCheckFailed, type TableRef } from './dynamodb.ts';

/** Idempotency keys of publication requests are remembered this long. */
const IDEMPOTENCY_DAYS = 30;
/** Calendar items read in parallel when listing a range. */
const READ_CONCURRENCY = 16;

interface StoredItem extends Publication {
  pk: string;
  sk: string;
  /** The history entries of the last change, until they are written as their own items. */
  lastHistory?: { version: number; entries: HistoryEntry[] };
  /** Present until the change of this version is finished: the events it is to publish. */
  unfinished?: { events: DomainEvent[] };
}

/**
 * The publication queue in the single table. Without transactions (dynalite has none), the
 * publication item is the commit point: derived items (calendar days, tool ids, the unfinished
 * change's marker) that the new version needs are written before it; history items and the removal
 * of calendar items the change made obsolete after. A crash in between leaves only extra calendar
 * items, which reads check against the publication, history kept in the item itself, and a marker
 * the sweep finds. The item says its change is unfinished (with its events) until the queue has
 * done the change's effects: no crash between saving and scheduling or publishing loses them.
 */
export class DynamoPublicationStore implements PublicationStore {
  constructor(
    private readonly table: TableRef,
    /** The client's time zone: calendar partitions are local days. */
    private readonly timeZone: string,
  ) {}

  async get(publicationId: string): Promise<Publication | undefined> {
    return (await this.read(publicationId))?.publication;
  }

  async read(publicationId: string): Promise<StoredPublication | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.publication(publicationId),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const { pk, sk, lastHistory, unfinished, ...publication } = Item as StoredItem;
    return { publication: publication as Publication, ...(unfinished ? { unfinished } : {}) };
  }

  create(
    publication: Publication,
    history: readonly HistoryEntry[],
    events: readonly DomainEvent[],
  ): Promise<'created' | 'exists'> {
    return this.write({ ...publication, version: 1 }, history, undefined, events).then(
      () => 'created' as const,
      (error) => {
        if (error instanceof VersionConflictError) return 'exists' as const;
        throw error;
      },
    );
  }

  async save(
    publication: Publication,
    history: readonly HistoryEntry[],
    expectedVersion: number,
    events: readonly DomainEvent[],
  ): Promise<Publication> {
    const saved = { ...publication, version: expectedVersion + 1 };
    await this.write(saved, history, expectedVersion, events);
    return saved;
  }

  async changeFinished(publicationId: string, version: number): Promise<void> {
    const { client, tableName } = this.table;
    const ifVersion = {
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':version': version },
    };
    // A marker of a later version belongs to a change still under way: kept.
    await Promise.all([
      ignoringConditionFailure(
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.publication(publicationId),
            UpdateExpression: 'REMOVE unfinished',
            ConditionExpression: '#version = :version AND attribute_exists(unfinished)',
            ...ifVersion,
          }),
        ),
      ),
      ignoringConditionFailure(
        client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: keys.unfinishedChange(publicationId),
            ConditionExpression: '#version = :version',
            ...ifVersion,
          }),
        ),
      ),
    ]);
  }

  async unfinishedChanges(before: string): Promise<{ publicationId: string; version: number }[]> {
    const found: { publicationId: string; version: number; since: string }[] = [];
    const pages = paginateQuery(
      { client: this.table.client },
      {
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.unfinishedChanges() },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const { sk, version, since } of page.Items ?? []) {
        if (since < before) found.push({ publicationId: sk, version, since });
      }
    }
    return found
      .sort((a, b) => a.since.localeCompare(b.since))
      .map(({ publicationId, version }) => ({ publicationId, version }));
  }

  private async write(
    publication: Publication,
    history: readonly HistoryEntry[],
    expectedVersion: number | undefined,
    events: readonly DomainEvent[],
  ): Promise<void> {
    const { client, tableName } = this.table;
    const calendar = this.calendarItems(publication);
    for (const item of calendar) await client.send(new PutCommand({ TableName: tableName, Item: item }));
    for (const ref of publication.toolRefs ?? []) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.toolPost(ref.tool, ref.toolPostId),
            publicationId: publication.publicationId,
            network: ref.network,
          },
        }),
      );
    }
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.unfinishedChange(publication.publicationId),
          version: publication.version,
          since: publication.updatedAt,
        },
      }),
    );
    let previous: StoredItem | undefined;
    try {
      const result = await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.publication(publication.publicationId),
            ...publication,
            lastHistory: { version: publication.version, entries: history },
            unfinished: { events },
          },
          ConditionExpression:
            expectedVersion === undefined ? 'attribute_not_exists(pk)' : '#version = :expected',
          ...(expectedVersion === undefined
            ? {}
            : {
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
          ReturnValues: 'ALL_OLD',
        }),
      );
      previous = result.Attributes as StoredItem | undefined;
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new VersionConflictError(publication.publicationId);
      throw error;
    }
    for (const [index, entry] of history.entries()) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.publicationHistory(publication.publicationId, publication.version, index),
            ...entry,
          },
        }),
      );
    }
    const kept = new Set(calendar.map((item) => `${item.pk}|${item.sk}`));
    for (const item of previous ? this.calendarItems(previous) : []) {
      if (kept.has(`${item.pk}|${item.sk}`)) continue;
      await client.send(new DeleteCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk } }));
    }
  }

  private calendarItems(publication: Publication) {
    return outcomesOf(publication)
      .filter(([, outcome]) => outcome.scheduledFor)
      .map(([network, outcome]) => ({
        ...keys.calendar(
          localDay(outcome.scheduledFor!, this.timeZone),
          outcome.scheduledFor!,
          network,
          publication.publicationId,
        ),
        publicationId: publication.publicationId,
        network,
        scheduledFor: outcome.scheduledFor!,
        fingerprint: textFingerprint(textFor(publication, network)),
        state: outcome.state,
        publicationState: publication.state,
      }));
  }

  async history(publicationId: string): Promise<HistoryEntry[]> {
    const items: Record<string, unknown>[] = [];
    const pages = paginateQuery(
      { client: this.table.client },
      {
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.publication(publicationId).pk },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) items.push(...(page.Items ?? []));
    const main = items.find((item) => item.sk === 'PUBLICATION') as StoredItem | undefined;
    const written = items.filter((item) => String(item.sk).startsWith('HISTORY#'));
    const entries = written.map(({ pk, sk, ...entry }) => entry as unknown as HistoryEntry);
    const last = main?.lastHistory;
    const lastPrefix = last
      ? keys.publicationHistory(publicationId, last.version, 0).sk.slice(0, -3)
      : undefined;
    if (last && !written.some((item) => String(item.sk).startsWith(lastPrefix!)))
      entries.push(...last.entries);
    return entries;
  }

  async calendarDays(days: readonly string[]): Promise<CalendarEntry[]> {
    const entries: CalendarEntry[] = [];
    for (const day of days) {
      const pages = paginateQuery(
        { client: this.table.client },
        {
          TableName: this.table.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.calendarOfDay(day) },
        },
      );
      for await (const page of pages) {
        for (const {
          publicationId,
          network,
          scheduledFor,
          fingerprint,
          state,
          publicationState,
        } of page.Items ?? []) {
          entries.push({ publicationId, network, scheduledFor, fingerprint, state, publicationState });
        }
      }
    }
    return entries;
  }

  async between(from: string, to: string): Promise<Publication[]> {
    const start = Date.parse(from);
    const end = Date.parse(to);
    const entries = (await this.calendarDays(localDaysBetween(from, to, this.timeZone))).filter((entry) => {
      const at = Date.parse(entry.scheduledFor);
      return at >= start && at < end;
    });
    const ids = [...new Set(entries.map((entry) => entry.publicationId))];
    const found: Publication[] = [];
    for (let index = 0; index < ids.length; index += READ_CONCURRENCY) {
      const batch = await Promise.all(ids.slice(index, index + READ_CONCURRENCY).map((id) => this.get(id)));
      for (const publication of batch) {
        // A calendar item the publication has since moved away from is stale: skipped.
        const due = publication
          ? outcomesOf(publication).some(([, outcome]) => {
              const at = Date.parse(outcome.scheduledFor ?? '');
              return at >= start && at < end;
            })
          : false;
        if (publication && due) found.push(publication);
      }
    }
    return found.sort((a, b) => firstTime(a).localeCompare(firstTime(b)));
  }

  /** Posts that went out on a network since a time (the daily caps of the publishers). */
  async countPublishedSince(network: Network, since: Date, now: Date = new Date()): Promise<number> {
    // A post may go out after its scheduled day (a deferred retry): one day of margin each side.
    const from = new Date(since.getTime() - 86_400_000).toISOString();
    const to = new Date(now.getTime() + 86_400_000).toISOString();
    const publications = await this.between(from, to);
    return publications.filter((publication) => {
      const outcome = publication.outcomes[network];
      return outcome?.state === 'published' && Date.parse(outcome.publishedAt ?? '') >= since.getTime();
    }).length;
  }

  async findByToolPost(tool: string, toolPostId: string): Promise<string | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.toolPost(tool, toolPostId) }),
    );
    return Item?.publicationId as string | undefined;
  }

  async latestCounters(
    network: Network,
    postId: string,
  ): Promise<Partial<Record<CounterName, number>> | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.postLatest(network, postId) }),
    );
    return Item?.counters as Partial<Record<CounterName, number>> | undefined;
  }

  async claimIdempotencyKey(key: string, publicationId: string): Promise<string> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.publicationIdempotency(key),
            publicationId,
            expiresAt: expiresAfterDays(new Date().toISOString(), IDEMPOTENCY_DAYS),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return publicationId;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const { Item } = await this.table.client.send(
        new GetCommand({
          TableName: this.table.tableName,
          Key: keys.publicationIdempotency(key),
          ConsistentRead: true,
        }),
      );
      return (Item?.publicationId as string | undefined) ?? publicationId;
    }
  }
}

async function ignoringConditionFailure(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
}

function outcomesOf(publication: Publication): [Network, NetworkOutcome][] {
  return publication.networks
    .map((network) => [network, publication.outcomes[network]] as const)
    .filter((pair): pair is [Network, NetworkOutcome] => pair[1] !== undefined);
}

function firstTime(publication: Publication): string {
  return (
    outcomesOf(publication)
      .map(([, outcome]) => outcome.scheduledFor ?? '')
      .sort()[0] ?? ''
  );
}
