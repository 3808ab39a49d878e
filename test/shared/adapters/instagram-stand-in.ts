import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in of the Instagram Graph API (Facebook Login host): the account node, account
 * insights, the media edge (two pages) and media insights, in the documented response shapes.
 */
export interface GraphStandIn {
  url: string;
  requests: URL[];
  close(): Promise<void>;
}

export const ACCOUNT_ID = '17841400000000000';
export const TOKEN = 'EAAG-test-token';

const MEDIA = [
  {
    id: '18000000000000001',
    timestamp: '2026-03-01T18:30:00+0000',
    media_type: 'VIDEO',
    media_product_type: 'REELS',
  },
  {
    id: '18000000000000002',
    timestamp: '2026-02-27T08:00:00+0000',
    media_type: 'CAROUSEL_ALBUM',
    media_product_type: 'FEED',
  },
];
const PAGE_2 = [
  {
    id: '18000000000000003',
    timestamp: '2026-02-26T20:00:00+0000',
    media_type: 'IMAGE',
    media_product_type: 'STORY',
  },
  {
    id: '18000000000000004',
    timestamp: '2025-12-01T10:00:00+0000',
    media_type: 'IMAGE',
    media_product_type: 'FEED',
  },
];
const INSIGHTS: Record<string, Record<string, number>> = {
  '18000000000000001': {
    views: 15400,
    reach: 9800,
    likes: 610,
    comments: 42,
    shares: 75,
    saved: 120,
    ig_reels_video_view_total_time: 4_321_600,
  },
  '18000000000000002': { views: 5200, reach: 3900, likes: 210, comments: 12, shares: 4, saved: 30 },
};

function json(response: import('node:http').ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

export async function startGraphStandIn(): Promise<GraphStandIn> {
  const requests: URL[] = [];
  let base = '';
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', base);
    requests.push(url);
    if (url.searchParams.get('access_token') !== TOKEN)
      return json(response, 400, {
        error: {
          message: 'Invalid OAuth access token - Cannot parse access token',
          type: 'OAuthException',
          code: 190,
          fbtrace_id: 'Atest',
        },
      });
    const [, version, node, edge] = url.pathname.split('/');
    if (version !== 'v27.0')
      return json(response, 400, { error: { message: 'Unknown path components', code: 2500 } });
    if (node === ACCOUNT_ID && !edge) return json(response, 200, { followers_count: 48213, id: ACCOUNT_ID });
    if (node === ACCOUNT_ID && edge === 'insights')
      return json(response, 200, {
        data: [
          {
            name: 'profile_views',
            period: 'day',
            title: 'Profile views',
            description: 'The number of times your profile was visited.',
            total_value: { value: 312 },
            id: `${ACCOUNT_ID}/insights/profile_views/day`,
          },
        ],
      });
    if (node === ACCOUNT_ID && edge === 'media') {
      if (url.searchParams.get('after') === 'page2')
        return json(response, 200, { data: PAGE_2, paging: { cursors: { before: 'page2' } } });
      return json(response, 200, {
        data: MEDIA,
        paging: {
          cursors: { before: 'page1', after: 'page2' },
          next: `${base}/v27.0/${ACCOUNT_ID}/media?access_token=${TOKEN}&limit=50&after=page2`,
        },
      });
    }
    if (edge === 'insights' && node === '18000000000000003')
      return json(response, 400, {
        error: { message: '(#10) Not enough viewers for the media to show insights', code: 10 },
      });
    const insights = node ? INSIGHTS[node] : undefined;
    if (edge === 'insights' && insights) {
      const metrics = (url.searchParams.get('metric') ?? '').split(',');
      const unsupported = metrics.find((metric) => !(metric in insights));
      if (unsupported)
        return json(response, 400, {
          error: { message: `(#100) The metric ${unsupported} is not supported`, code: 100 },
        });
      return json(response, 200, {
        data: metrics.map((name) => ({
          name,
          period: 'lifetime',
          values: [{ value: insights[name] }],
          title: name,
          description: name,
          id: `${node}/insights/${name}/lifetime`,
        })),
      });
    }
    return json(response, 404, { error: { message: 'Unsupported get request', code: 100 } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: base, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
