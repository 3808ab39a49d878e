import type { Network } from '../config/client-config.ts';
import { localHour, localToUtc } from '../domain/metrics/periods.ts';
import { type AccountSnapshot, COUNTER_NAMES, type MetricsSnapshot } from '../events/catalog.ts';

export interface PullRequest {
  /** The brand's account on the network (`accounts.<network>.accountId`). */
  accountId: string;
  token: string;
  /** The reading time (the schedule's time): it names the snapshots, so a retried pull makes the same ids. */
  at: string;
  timeZone: string;
}

export interface PulledMetrics {
  posts: MetricsSnapshot[];
  account?: AccountSnapshot;
}

/** Port: reads a network's insights for the brand's account and its recent posts, as snapshots. */
export interface MetricsPuller {
  readonly network: Network;
  pull(request: PullRequest): Promise<PulledMetrics>;
}

/** The network refused or failed a call; `code` is the network's own error code when it gave one. */
export class MetricsPullError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: number,
  ) {
    super(message);
    this.name = 'MetricsPullError';
  }
}

export interface InstagramPullerOptions {
  /** `https://graph.facebook.com` (Instagram API with Facebook Login); a loopback stand-in in tests. */
  baseUrl?: string;
  version?: string;
  /** Posts published in the last `lookbackDays` are read (their counters still move). */
  lookbackDays?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

interface GraphMedia {
  id: string;
  timestamp: string;
  media_type?: string;
  media_product_type?: string;
}

interface GraphInsight {
  name: string;
  values?: { value: number }[];
  total_value?: { value: number };
}

/** Media insights metrics by media product type (a metric a type does not support fails the whole call). */
const MEDIA_METRICS: Record<string, string[]> = {
  FEED: ['views', 'reach', 'likes', 'comments', 'shares', 'saved'],
  REELS: ['views', 'reach', 'likes', 'comments', 'shares', 'saved', 'ig_reels_video_view_total_time'],
  STORY: ['views', 'reach', 'shares'],
};

/** Graph error codes that concern one media, not the pull: (#10) not enough viewers, (#100) not available. */
const SKIPPED_MEDIA_ERRORS = new Set([10, 100]);
const MEDIA_CONCURRENCY = 4;

/**
 * Instagram Graph API insights (Instagram API with Facebook Login): the account's `followers_count`,
 * its `profile_views` of the local day so far (`metric_type=total_value`), and for each media of the
 * lookback window its lifetime insights: `views` (counted as impressions, and as video views for
 * reels and videos), `reach`, `likes`, `comments`, `shares`, `saved`, and for reels
 * `ig_reels_video_view_total_time` (ms, as watch time in seconds).
 */
export class InstagramGraphPuller implements MetricsPuller {
  readonly network = 'instagram' as const;
  private readonly baseUrl: string;
  private readonly version: string;
  private readonly lookbackDays: number;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(options: InstagramPullerOptions = {}) {
    this.baseUrl = (options.baseUrl ?? 'https://graph.facebook.com').replace(/\/$/, '');
    this.version = options.version ?? 'v27.0';
    this.lookbackDays = options.lookbackDays ?? 30;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async pull(request: PullRequest): Promise<PulledMetrics> {
    const account = await this.account(request);
    const media = await this.recentMedia(request);
    const posts: MetricsSnapshot[] = [];
    let next = 0;
    const worker = async () => {
      while (next < media.length) {
        const snapshot = await this.mediaSnapshot(media[next++]!, request);
        if (snapshot) posts.push(snapshot);
      }
    };
    await Promise.all(Array.from({ length: Math.min(MEDIA_CONCURRENCY, media.length) }, worker));
    return { account, posts: posts.sort((a, b) => a.postId.localeCompare(b.postId)) };
  }

  private async account(request: PullRequest): Promise<AccountSnapshot> {
    const { followers_count } = await this.get<{ followers_count?: number }>(
      `/${request.accountId}`,
      request.token,
      {
        fields: 'followers_count',
      },
    );
    if (typeof followers_count !== 'number')
      throw new MetricsPullError('the account has no followers_count (not a professional account?)', 200);
    const midnight = localToUtc(localHour(request.at, request.timeZone).slice(0, 10), request.timeZone);
    const insights = await this.get<{ data?: GraphInsight[] }>(
      `/${request.accountId}/insights`,
      request.token,
      {
        metric: 'profile_views',
        period: 'day',
        metric_type: 'total_value',
        since: String(Math.floor(Date.parse(midnight) / 1000)),
        until: String(Math.floor(Date.parse(request.at) / 1000)),
      },
    );
    const profileViews = insights.data?.find((insight) => insight.name === 'profile_views')?.total_value
      ?.value;
    return {
      id: `instagram:${request.accountId}:${request.at}`,
      at: request.at,
      network: 'instagram',
      accountId: request.accountId,
      followers: followers_count,
      ...(typeof profileViews === 'number' ? { profileViews } : {}),
    };
  }

  /** The account's media published in the lookback window, newest first, following the pages. */
  private async recentMedia(request: PullRequest): Promise<GraphMedia[]> {
    const since = Date.parse(request.at) - this.lookbackDays * 86_400_000;
    const media: GraphMedia[] = [];
    let page = await this.get<{ data?: GraphMedia[]; paging?: { next?: string } }>(
      `/${request.accountId}/media`,
      request.token,
      { fields: 'id,timestamp,media_type,media_product_type', limit: '50' },
    );
    for (;;) {
      const items = page.data ?? [];
      for (const item of items) if (Date.parse(item.timestamp) >= since) media.push(item);
      const older = items.some((item) => Date.parse(item.timestamp) < since);
      const next = page.paging?.next;
      // Only pages of the same API: never a token sent to another host.
      if (older || !items.length || !next || !next.startsWith(`${this.baseUrl}/`)) return media;
      page = await this.getUrl(new URL(next));
    }
  }

  private async mediaSnapshot(media: GraphMedia, request: PullRequest): Promise<MetricsSnapshot | undefined> {
    const product = media.media_product_type ?? 'FEED';
    const metrics = MEDIA_METRICS[product];
    if (!metrics) return undefined; // e.g. AD: no organic insights
    let insights: { data?: GraphInsight[] };
    try {
      insights = await this.get(`/${media.id}/insights`, request.token, { metric: metrics.join(',') });
    } catch (error) {
      if (
        error instanceof MetricsPullError &&
        error.code !== undefined &&
        SKIPPED_MEDIA_ERRORS.has(error.code)
      )
        return undefined;
      throw error;
    }
    const value = (name: string) =>
      insights.data?.find((insight) => insight.name === name)?.values?.[0]?.value;
    const views = value('views');
    const isVideo = product === 'REELS' || media.media_type === 'VIDEO';
    const watchTimeMs = value('ig_reels_video_view_total_time');
    const counters: MetricsSnapshot['counters'] = {
      impressions: views,
      reach: value('reach'),
      likes: value('likes'),
      comments: value('comments'),
      shares: value('shares'),
      saves: value('saved'),
      videoViews: isVideo ? views : undefined,
      watchTimeSeconds: watchTimeMs === undefined ? undefined : Math.round(watchTimeMs / 1000),
    };
    return {
      id: `instagram:${media.id}:${request.at}`,
      at: request.at,
      network: 'instagram',
      postId: media.id,
      counters: Object.fromEntries(
        COUNTER_NAMES.flatMap((name) => (typeof counters[name] === 'number' ? [[name, counters[name]]] : [])),
      ),
      format:
        product === 'REELS'
          ? 'reel'
          : product === 'STORY'
            ? 'story'
            : (media.media_type ?? 'IMAGE').toLowerCase(),
      publishedAt: new Date(media.timestamp).toISOString(),
    };
  }

  private get<T>(path: string, token: string, params: Record<string, string>): Promise<T> {
    const url = new URL(`${this.baseUrl}/${this.version}${path}`);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    url.searchParams.set('access_token', token);
    return this.getUrl(url);
  }

  private async getUrl<T>(url: URL): Promise<T> {
    const response = await this.fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
    const body = (await response.json().catch(() => ({}))) as { error?: { message?: string; code?: number } };
    if (!response.ok || body.error) {
      const where = url.pathname;
      throw new MetricsPullError(
        `Instagram ${where}: ${body.error?.message ?? `HTTP ${response.status}`}`,
        response.status,
        body.error?.code,
      );
    }
    return body as T;
  }
}
