import type { ScheduledEvent, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler as closeKpiDay } from '../../functions/metrics/close-kpi-day/app.ts';
import { createHandler as linkPosts } from '../../functions/metrics/link-posts/app.ts';
import { createHandler as pullMetrics } from '../../functions/metrics/pull-metrics/app.ts';
import { createHandler as recordMetrics } from '../../functions/metrics/record-metrics/app.ts';
import { InstagramGraphPuller } from '../../shared/adapters/metrics-puller.ts';
import { metricsStores } from '../../shared/adapters/metrics-stores.ts';
import { EnvironmentNetworkTokens } from '../../shared/adapters/network-tokens.ts';
import { quietLambdaTooling } from '../../shared/cli/quiet.ts';
import { loadClientConfig } from '../../shared/config/client-config.ts';
import { type DomainEvent, events } from '../../shared/events/catalog.ts';
import { localContext } from '../../shared/local/lambda-context.ts';
import { observability } from '../../shared/runtime/observability.ts';
import {
  ACCOUNT_ID,
  type GraphStandIn,
  startGraphStandIn,
  TOKEN,
} from '../shared/adapters/instagram-stand-in.ts';
import { useLocalTable } from '../shared/adapters/local-table.ts';

quietLambdaTooling();
const dynamo = useLocalTable();
const baseConfig = loadClientConfig('clients/example.json');
const config = {
  ...baseConfig,
  accounts: {
    ...baseConfig.accounts,
    instagram: { ...baseConfig.accounts.instagram!, accountId: ACCOUNT_ID },
  },
};
const scheduled = (time: string) => ({ time }) as ScheduledEvent;

function queued(detailType: string, detail: unknown, messageId: string) {
  return {
    messageId,
    body: JSON.stringify({
      version: '0',
      id: messageId,
      'detail-type': detailType,
      source: 'vigie.ingress',
      account: '000000000000',
      time: '2026-03-02T10:00:00Z',
      region: 'eu-west-3',
      resources: [],
      detail,
    }),
  };
}

describe('recordMetrics', () => {
  it('stores post and account snapshots once and sends an invalid record to the DLQ alone', async () => {
    const stores = metricsStores(dynamo.current.table, config);
    const handler = recordMetrics({
      ...observability('recordMetrics'),
      config,
      snapshotStore: stores.snapshotStore,
    });
    const post = {
      id: 'r1',
      at: '2026-03-02T10:00:00Z',
      network: 'x',
      postId: 'tweet-1',
      counters: { likes: 3 },
    };
    const account = { id: 'r2', at: '2026-03-02T10:00:00Z', network: 'x', accountId: 'brand', followers: 10 };
    const event = {
      Records: [
        queued(events.metricsSnapshotReceived.detailType, post, 'm1'),
        queued(events.metricsSnapshotReceived.detailType, post, 'm2'),
        queued(events.accountSnapshotReceived.detailType, account, 'm3'),
        queued(events.metricsSnapshotReceived.detailType, { ...post, counters: { likes: -1 } }, 'm4'),
      ],
    } as unknown as SQSEvent;
    const response = await handler(event, localContext('recordMetrics', 60));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm4' }]);
    expect(await stores.snapshotStore.ofPost('x', 'tweet-1')).toHaveLength(1);
    expect(await stores.snapshotStore.accounts()).toEqual([{ network: 'x', accountId: 'brand' }]);
    // Marked for the rollup from their local hour (11:00 in Paris).
    expect((await stores.snapshotStore.dirty()).map((mark) => mark.source).sort()).toEqual([
      'ACCOUNT#x#brand#2026-03-02T11:00',
      'POST#x#tweet-1#2026-03-02T11:00',
    ]);
  });
});

describe('linkPosts', () => {
  it('links a published post to its publication and ignores outcomes that link nothing', async () => {
    const stores = metricsStores(dynamo.current.table, config);
    const handler = linkPosts({ ...observability('linkPosts'), ...stores });
    const context = localContext('linkPosts', 10);
    const event = (detailType: string, detail: unknown) =>
      ({ id: 'e1', 'detail-type': detailType, detail }) as Parameters<typeof handler>[0];
    expect(
      await handler(
        event(events.publicationOutcomeReported.detailType, {
          tool: 'hootsuite',
          toolPostId: 'h-1',
          status: 'scheduled',
          at: '2026-03-02T08:00:00Z',
        }),
        context,
      ),
    ).toEqual({ linked: false });
    expect(
      await handler(
        event(events.publicationOutcomeReported.detailType, {
          tool: 'hootsuite',
          toolPostId: 'h-1',
          publicationId: 'pub-9',
          network: 'linkedin',
          status: 'published',
          externalId: 'urn:li:share:1',
          campaign: 'rentree',
          at: '2026-03-02T08:00:00Z',
        }),
        context,
      ),
    ).toEqual({ linked: true });
    expect(await stores.postLinks.get('linkedin', 'urn:li:share:1')).toEqual({
      publicationId: 'pub-9',
      campaign: 'rentree',
      publishedAt: '2026-03-02T08:00:00Z',
    });
    expect((await stores.snapshotStore.dirty()).map((mark) => mark.source)).toContain(
      'POST#linkedin#urn:li:share:1#0000',
    );
  });
});

describe('pullMetrics', () => {
  let graph: GraphStandIn;
  beforeAll(async () => {
    graph = await startGraphStandIn();
  });
  afterAll(async () => {
    await graph.close();
  });

  const run = (env: NodeJS.ProcessEnv) => {
    const published: DomainEvent[] = [];
    const handler = pullMetrics({
      ...observability('pullMetrics'),
      config,
      networkTokens: new EnvironmentNetworkTokens(env),
      publisher: { publish: async (domainEvents) => void published.push(...domainEvents) },
      metricsPullers: [new InstagramGraphPuller({ baseUrl: graph.url })],
    });
    return {
      published,
      invoke: () => handler(scheduled('2026-03-02T10:00:00Z'), localContext('pullMetrics', 120)),
    };
  };

  it('puts the pulled snapshots on the bus, named after the schedule’s time', async () => {
    const { published, invoke } = run({ VIGIE_TOKEN_INSTAGRAM: TOKEN });
    expect(await invoke()).toEqual({ posts: 2, accounts: 1 });
    expect(published.map((event) => [event.name, (event.detail as { id: string }).id])).toEqual([
      ['metricsSnapshotReceived', 'instagram:18000000000000001:2026-03-02T10:00:00Z'],
      ['metricsSnapshotReceived', 'instagram:18000000000000002:2026-03-02T10:00:00Z'],
      ['accountSnapshotReceived', `instagram:${ACCOUNT_ID}:2026-03-02T10:00:00Z`],
    ]);
  });

  it('skips a network without a token, and fails the run (retries, then DLQ) when a pull fails', async () => {
    expect(await run({}).invoke()).toEqual({ posts: 0, accounts: 0 });
    await expect(run({ VIGIE_TOKEN_INSTAGRAM: 'revoked' }).invoke()).rejects.toThrow(
      /instagram: .*Invalid OAuth/,
    );
  });
});

describe('closeKpiDay', () => {
  it('acts only in the client’s local 01:00 hour, on yesterday', async () => {
    const stores = metricsStores(dynamo.current.table, config);
    const handler = closeKpiDay({ ...observability('closeKpiDay'), config, ...stores });
    const context = localContext('closeKpiDay', 300);
    expect(await handler(scheduled('2026-03-02T10:20:00Z'), context)).toEqual({ closed: null });
    // 00:20 UTC is 01:20 in Paris (winter time).
    expect(await handler(scheduled('2026-03-03T00:20:00Z'), context)).toMatchObject({ closed: '2026-03-02' });
  });
});
