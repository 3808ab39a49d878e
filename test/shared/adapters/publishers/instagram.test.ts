import { describe, expect, it } from 'vitest';
import {
  instagramPublisher,
  instagramPublishingQuota,
} from '../../../../shared/adapters/publishers/instagram.ts';
import type { PublishRequest } from '../../../../shared/domain/publishing/publisher.ts';
import { sendWithRetries } from '../../../../shared/domain/publishing/send.ts';
import { type Received, useStandIn } from './stand-in.ts';

const IG_USER = '17841400000000000';
const TOKEN = 'EAAB-instagram-token';
const request: PublishRequest = {
  publicationId: 'pub-1',
  network: 'instagram',
  text: 'Nouvelle collection #hiver',
  media: [{ url: 'https://cdn.example.com/a.jpg', kind: 'image', altText: 'Une veste' }],
  links: [],
  idempotencyKey: 'pub-1:instagram:1',
  attempt: 1,
};

const standIn = useStandIn();

const sleeps: number[] = [];
function publisher(overrides: { token?: string; timeoutMs?: number; maxPollMs?: number } = {}) {
  sleeps.length = 0;
  return instagramPublisher({
    account: { accountId: IG_USER, handle: '@maisonexemple' },
    tokens: {
      get: async (network) =>
        network === 'instagram' ? ('token' in overrides ? overrides.token : TOKEN) : undefined,
    },
    baseUrl: standIn.url,
    apiVersion: 'v24.0',
    timeoutMs: overrides.timeoutMs ?? 2000,
    pollIntervalMs: 1000,
    maxPollMs: overrides.maxPollMs ?? 5000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
}

/** Graph's time format: 2026-12-01T09:00:00+0000. */
const graphTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, '+0000');
const json = (received: Received) => JSON.parse(received.body) as Record<string, unknown>;
const at = (method: string, path: string) => (received: Received) =>
  received.method === method && received.path === path;

/** The happy path of the Graph API: container, status (IN_PROGRESS once), publish, permalink. */
function graphHappyPath(statuses: string[] = ['IN_PROGRESS', 'FINISHED']) {
  let child = 0;
  standIn
    .on((r) =>
      at('POST', `/v24.0/${IG_USER}/media`)(r)
        ? { status: 200, body: { id: `container-${++child}` } }
        : undefined,
    )
    .on((r) =>
      r.method === 'GET' && r.path.startsWith('/v24.0/container-')
        ? {
            status: 200,
            body: {
              status_code: statuses.length > 1 ? statuses.shift() : statuses[0],
              id: r.path.split('/')[2],
            },
          }
        : undefined,
    )
    .on((r) =>
      at('POST', `/v24.0/${IG_USER}/media_publish`)(r)
        ? { status: 200, body: { id: 'media-42' } }
        : undefined,
    )
    .on((r) =>
      at('GET', '/v24.0/media-42')(r)
        ? { status: 200, body: { permalink: 'https://www.instagram.com/p/Abc/' } }
        : undefined,
    );
}

describe('instagram publisher', () => {
  it('creates a container, polls it until FINISHED, publishes it and reads the permalink', async () => {
    graphHappyPath();
    const outcome = await publisher().publish(request);
    expect(outcome).toMatchObject({
      kind: 'published',
      externalId: 'media-42',
      permalink: 'https://www.instagram.com/p/Abc/',
      attempt: { status: 200, apiVersion: 'v24.0' },
    });
    expect(standIn.received.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /v24.0/${IG_USER}/media`,
      'GET /v24.0/container-1',
      'GET /v24.0/container-1',
      `POST /v24.0/${IG_USER}/media_publish`,
      'GET /v24.0/media-42',
    ]);
    const [create, poll, , publish] = standIn.received;
    expect(json(create!)).toEqual({
      image_url: 'https://cdn.example.com/a.jpg',
      alt_text: 'Une veste',
      caption: request.text,
    });
    expect(poll!.query.get('fields')).toBe('status_code,status');
    expect(json(publish!)).toEqual({ creation_id: 'container-1' });
    for (const received of standIn.received) {
      expect(received.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(received.query.has('access_token')).toBe(false);
    }
    expect(sleeps).toEqual([1000]);
  });

  it('sends a video as a REELS container and a carousel as children plus a CAROUSEL container', async () => {
    graphHappyPath(['FINISHED']);
    await publisher().publish({
      ...request,
      media: [{ url: 'https://cdn.example.com/v.mp4', kind: 'video' }],
    });
    expect(json(standIn.received[0]!)).toEqual({
      media_type: 'REELS',
      video_url: 'https://cdn.example.com/v.mp4',
      caption: request.text,
    });

    standIn.reset();
    graphHappyPath(['FINISHED']);
    const outcome = await publisher().publish({
      ...request,
      media: [
        { url: 'https://cdn.example.com/a.jpg', kind: 'image' },
        { url: 'https://cdn.example.com/v.mp4', kind: 'video' },
      ],
    });
    expect(outcome.kind).toBe('published');
    const creations = standIn.received.filter(at('POST', `/v24.0/${IG_USER}/media`)).map(json);
    expect(creations).toEqual([
      { image_url: 'https://cdn.example.com/a.jpg', is_carousel_item: true },
      { media_type: 'VIDEO', video_url: 'https://cdn.example.com/v.mp4', is_carousel_item: true },
      { media_type: 'CAROUSEL', children: 'container-1,container-2', caption: request.text },
    ]);
  });

  it('rejects a container in ERROR with its status, without publishing', async () => {
    standIn
      .on((r) =>
        at('POST', `/v24.0/${IG_USER}/media`)(r) ? { status: 200, body: { id: 'container-1' } } : undefined,
      )
      .on((r) =>
        r.method === 'GET'
          ? { status: 200, body: { status_code: 'ERROR', status: 'Error: 2207026' } }
          : undefined,
      );
    const outcome = await publisher().publish(request);
    expect(outcome).toMatchObject({
      kind: 'rejected',
      reason: 'container container-1 ERROR: Error: 2207026',
    });
    expect(standIn.received.some(at('POST', `/v24.0/${IG_USER}/media_publish`))).toBe(false);
  });

  it('hands a container still processing back as retryable after its polling budget', async () => {
    graphHappyPath(['IN_PROGRESS']);
    const outcome = await publisher({ maxPollMs: 3000 }).publish(request);
    expect(outcome).toMatchObject({ kind: 'retryable', retryAfterMs: 60_000 });
    expect(sleeps).toEqual([1000, 1000, 1000]);
  });

  it('reads Graph error 190 as an expired token naming the account to reconnect', async () => {
    standIn.on(() => ({
      status: 400,
      body: {
        error: {
          message: 'Error validating access token: Session has expired',
          type: 'OAuthException',
          code: 190,
          error_subcode: 463,
        },
      },
    }));
    const outcome = await publisher().publish(request);
    expect(outcome).toMatchObject({
      kind: 'unauthorized',
      account: 'instagram account @maisonexemple (17841400000000000)',
      reason: 'container: Graph error 190/463: Error validating access token: Session has expired',
    });
  });

  it('reads a validation error as rejected, throttling as retryable with the BUC header’s wait, and the publishing limit', async () => {
    standIn.on(() => ({
      status: 400,
      body: { error: { message: 'Invalid parameter', code: 100, error_user_msg: 'The caption is too long' } },
    }));
    expect(await publisher().publish(request)).toMatchObject({
      kind: 'rejected',
      reason: 'container: Graph error 100: The caption is too long',
    });

    standIn.reset();
    standIn.on(() => ({
      status: 400,
      headers: {
        'x-business-use-case-usage': JSON.stringify({
          [IG_USER]: [
            {
              type: 'instagram',
              call_count: 100,
              total_cputime: 10,
              total_time: 10,
              estimated_time_to_regain_access: 3,
            },
          ],
        }),
      },
      body: { error: { message: 'Application request limit reached', code: 80002 } },
    }));
    const throttled = await publisher().publish(request);
    expect(throttled).toMatchObject({ kind: 'retryable', retryAfterMs: 180_000 });
    expect(throttled.attempt.rateLimit).toHaveProperty('x-business-use-case-usage');

    standIn.reset();
    standIn.on((r) =>
      at('POST', `/v24.0/${IG_USER}/media_publish`)(r)
        ? {
            status: 400,
            body: {
              error: { message: 'Application request limit reached', code: 9, error_subcode: 2207042 },
            },
          }
        : undefined,
    );
    graphHappyPath(['FINISHED']);
    expect(await publisher().publish(request)).toMatchObject({ kind: 'retryable', retryAfterMs: 3_600_000 });
  });

  it('reads a 5xx as retryable and a 504 on media_publish as unknown', async () => {
    standIn.on(() => ({
      status: 500,
      body: { error: { message: 'An unknown error occurred', code: 1, is_transient: true } },
    }));
    expect((await publisher().publish(request)).kind).toBe('retryable');

    standIn.reset();
    standIn.on((r) =>
      at('POST', `/v24.0/${IG_USER}/media_publish`)(r) ? { status: 504, body: 'Gateway Timeout' } : undefined,
    );
    graphHappyPath(['FINISHED']);
    expect((await publisher().publish(request)).kind).toBe('unknown');
  });

  it('reads a 429 with Retry-After on the container step as retryable after it', async () => {
    standIn.on(() => ({ status: 429, headers: { 'retry-after': '9' }, body: 'Too Many Requests' }));
    expect(await publisher().publish(request)).toMatchObject({
      kind: 'retryable',
      retryAfterMs: 9000,
      attempt: { status: 429 },
    });
  });

  it('is unknown only when media_publish got no answer; a hung container call is safe to retry', async () => {
    standIn.on((r) => (at('POST', `/v24.0/${IG_USER}/media_publish`)(r) ? 'hang' : undefined));
    graphHappyPath(['FINISHED']);
    expect(await publisher({ timeoutMs: 200 }).publish(request)).toMatchObject({ kind: 'unknown' });

    standIn.reset();
    standIn.on(() => 'hang');
    expect(await publisher({ timeoutMs: 200 }).publish(request)).toMatchObject({ kind: 'retryable' });
  });

  it('does not call the API without a token', async () => {
    expect(await publisher({ token: undefined }).publish(request)).toMatchObject({ kind: 'unauthorized' });
    expect(standIn.received).toHaveLength(0);
  });

  it('verifies by the caption of the latest media', async () => {
    standIn.on((r) =>
      at('GET', `/v24.0/${IG_USER}/media`)(r)
        ? {
            status: 200,
            body: {
              data: [
                { id: 'm-1', caption: 'autre', timestamp: graphTime(new Date()) },
                {
                  id: 'm-2',
                  caption: ` ${request.text} `,
                  permalink: 'https://www.instagram.com/p/X/',
                  timestamp: graphTime(new Date()),
                },
              ],
            },
          }
        : undefined,
    );
    expect(await publisher().verify(request)).toEqual({
      kind: 'found',
      externalId: 'm-2',
      permalink: 'https://www.instagram.com/p/X/',
    });
    expect(standIn.received[0]!.query.get('fields')).toBe('id,caption,permalink,timestamp');
    expect(await publisher().verify({ ...request, text: 'jamais publié' })).toEqual({ kind: 'absent' });
  });

  it('does not take an evergreen publication’s earlier post with the same caption for this one', async () => {
    const lastMonth = new Date(Date.now() - 30 * 24 * 3600_000);
    standIn.on(() => ({
      status: 200,
      body: { data: [{ id: 'm-old', caption: request.text, timestamp: graphTime(lastMonth) }] },
    }));
    const firstSentAt = new Date().toISOString();
    expect(await publisher().verify({ ...request, firstSentAt })).toEqual({ kind: 'absent' });
    standIn.reset();
    // Same caption and no time to place it: cannot tell, never a blind resend.
    standIn.on(() => ({ status: 200, body: { data: [{ id: 'm-x', caption: request.text }] } }));
    expect((await publisher().verify({ ...request, firstSentAt })).kind).toBe('cannot-tell');
  });

  it('after a timeout on media_publish, sendWithRetries verifies and finds the post instead of posting twice', async () => {
    standIn
      .on((r) => (at('POST', `/v24.0/${IG_USER}/media_publish`)(r) ? 'hang' : undefined))
      .on((r) =>
        at('GET', `/v24.0/${IG_USER}/media`)(r)
          ? {
              status: 200,
              body: { data: [{ id: 'm-7', caption: request.text, timestamp: graphTime(new Date()) }] },
            }
          : undefined,
      );
    graphHappyPath(['FINISHED']);
    const runtime = { sleep: async () => {}, random: () => 0.5, now: () => new Date() };
    const { outcome, attempts } = await sendWithRetries(request, publisher({ timeoutMs: 200 }), {}, runtime);
    expect(outcome).toMatchObject({ kind: 'published', externalId: 'm-7' });
    expect(attempts).toHaveLength(1);
    expect(standIn.received.filter(at('POST', `/v24.0/${IG_USER}/media_publish`))).toHaveLength(1);
  });
});

describe('instagram publishing quota', () => {
  const quota = () =>
    instagramPublishingQuota({
      account: { accountId: IG_USER },
      tokens: { get: async () => TOKEN },
      baseUrl: standIn.url,
      apiVersion: 'v24.0',
    });

  it('refuses when content_publishing_limit says the quota is used up', async () => {
    standIn.on((r) =>
      at('GET', `/v24.0/${IG_USER}/content_publishing_limit`)(r)
        ? {
            status: 200,
            body: { data: [{ quota_usage: 50, config: { quota_total: 50, quota_duration: 86400 } }] },
          }
        : undefined,
    );
    expect(await quota().check('instagram')).toEqual({
      ok: false,
      reason: 'instagram: 50 of 50 API posts in the last 24 h',
      retryAfterMs: 3_600_000,
    });
    expect(standIn.received[0]!.query.get('fields')).toBe('quota_usage,config');
  });

  it('allows a send below the quota, and when the check itself fails (media_publish enforces it anyway)', async () => {
    standIn.on(() => ({ status: 200, body: { data: [{ quota_usage: 3, config: { quota_total: 50 } }] } }));
    expect(await quota().check('instagram')).toEqual({ ok: true });
    standIn.reset();
    standIn.on(() => ({ status: 500 }));
    expect(await quota().check('instagram')).toEqual({ ok: true });
  });
});
