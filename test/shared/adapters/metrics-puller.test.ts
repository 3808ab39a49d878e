import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstagramGraphPuller, MetricsPullError } from '../../../shared/adapters/metrics-puller.ts';
import { ACCOUNT_ID, type GraphStandIn, startGraphStandIn, TOKEN } from './instagram-stand-in.ts';

let graph: GraphStandIn;
beforeAll(async () => {
  graph = await startGraphStandIn();
});
afterAll(async () => {
  await graph.close();
});

const request = {
  accountId: ACCOUNT_ID,
  token: TOKEN,
  at: '2026-03-02T10:00:00.000Z',
  timeZone: 'Europe/Paris',
};

describe('InstagramGraphPuller (against a loopback stand-in of the Graph API)', () => {
  it('reads followers, the day’s profile views and each recent media’s lifetime insights as snapshots', async () => {
    const pulled = await new InstagramGraphPuller({ baseUrl: graph.url }).pull(request);
    expect(pulled.account).toEqual({
      id: `instagram:${ACCOUNT_ID}:2026-03-02T10:00:00.000Z`,
      at: '2026-03-02T10:00:00.000Z',
      network: 'instagram',
      accountId: ACCOUNT_ID,
      followers: 48213,
      profileViews: 312,
    });
    expect(pulled.posts).toEqual([
      {
        id: 'instagram:18000000000000001:2026-03-02T10:00:00.000Z',
        at: '2026-03-02T10:00:00.000Z',
        network: 'instagram',
        postId: '18000000000000001',
        counters: {
          impressions: 15400,
          reach: 9800,
          likes: 610,
          comments: 42,
          shares: 75,
          saves: 120,
          videoViews: 15400,
          watchTimeSeconds: 4322, // 4,321,600 ms
        },
        format: 'reel',
        publishedAt: '2026-03-01T18:30:00.000Z',
      },
      {
        id: 'instagram:18000000000000002:2026-03-02T10:00:00.000Z',
        at: '2026-03-02T10:00:00.000Z',
        network: 'instagram',
        postId: '18000000000000002',
        counters: { impressions: 5200, reach: 3900, likes: 210, comments: 12, shares: 4, saves: 30 },
        format: 'carousel_album',
        publishedAt: '2026-02-27T08:00:00.000Z',
      },
    ]);
  });

  it('asks each media type only for the metrics it supports, and the day so far in the client’s time zone', async () => {
    const metricsOf = (media: string) =>
      graph.requests.find((url) => url.pathname === `/v27.0/${media}/insights`)?.searchParams.get('metric');
    expect(metricsOf('18000000000000001')).toBe(
      'views,reach,likes,comments,shares,saved,ig_reels_video_view_total_time',
    );
    expect(metricsOf('18000000000000002')).toBe('views,reach,likes,comments,shares,saved');
    expect(metricsOf('18000000000000003')).toBe('views,reach,shares'); // a story: (#10), skipped
    expect(metricsOf('18000000000000004')).toBeUndefined(); // published before the 30-day window
    const account = graph.requests.find((url) => url.pathname === `/v27.0/${ACCOUNT_ID}/insights`)!;
    expect(Object.fromEntries(account.searchParams)).toMatchObject({
      metric: 'profile_views',
      period: 'day',
      metric_type: 'total_value',
      since: String(Date.parse('2026-03-01T23:00:00Z') / 1000), // local midnight in Paris
      until: String(Date.parse('2026-03-02T10:00:00Z') / 1000),
    });
    // The second page of media was followed through `paging.next`.
    expect(graph.requests.some((url) => url.searchParams.get('after') === 'page2')).toBe(true);
  });

  it('makes the same snapshot ids when a pull is retried for the same schedule time', async () => {
    const puller = new InstagramGraphPuller({ baseUrl: graph.url });
    const ids = async () => (await puller.pull(request)).posts.map((post) => post.id);
    expect(await ids()).toEqual(await ids());
  });

  it('fails the pull with the network’s error on a refused token', async () => {
    const pull = new InstagramGraphPuller({ baseUrl: graph.url }).pull({ ...request, token: 'expired' });
    await expect(pull).rejects.toBeInstanceOf(MetricsPullError);
    await expect(pull).rejects.toMatchObject({
      status: 400,
      code: 190,
      message: expect.stringContaining('Invalid OAuth'),
    });
  });

  it('never follows a next page to another host (the token would leak)', async () => {
    const requested: string[] = [];
    const fetchStub: typeof fetch = async (input) => {
      const url = new URL(String(input));
      requested.push(url.host);
      const body = url.pathname.endsWith('/media')
        ? {
            data: [{ id: '1', timestamp: '2026-03-02T09:00:00+0000', media_product_type: 'AD' }],
            paging: { next: 'https://evil.example/next' },
          }
        : url.pathname.endsWith('/insights')
          ? { data: [] }
          : { followers_count: 1 };
      return new Response(JSON.stringify(body), { status: 200 });
    };
    await new InstagramGraphPuller({ baseUrl: 'http://127.0.0.1:9', fetch: fetchStub }).pull(request);
    expect(new Set(requested)).toEqual(new Set(['127.0.0.1:9']));
  });
});
