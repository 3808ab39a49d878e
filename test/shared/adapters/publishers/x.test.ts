import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../../../shared/adapters/publishers/http.ts';
import { xPublisher } from '../../../../shared/adapters/publishers/x.ts';
import type { PublishRequest } from '../../../../shared/domain/publishing/publisher.ts';
import { type SendRuntime, sendWithRetries } from '../../../../shared/domain/publishing/send.ts';
import { refusedUrl, useStandIn } from './stand-in.ts';

const TOKEN = 'x-oauth2-user-token';
const NOW = new Date('2026-12-01T09:00:00Z');
const request: PublishRequest = {
  publicationId: 'pub-4',
  network: 'x',
  text: 'Soldes ce week-end https://maison.fr/soldes?utm_source=x',
  media: [],
  links: [],
  idempotencyKey: 'pub-4:x:1',
  attempt: 1,
};

const standIn = useStandIn();

const publisher = (baseUrl = standIn.url, timeoutMs = 2000) =>
  xPublisher({
    account: { accountId: '2244994945', handle: '@maisonexemple' },
    tokens: { get: async (network) => (network === 'x' ? TOKEN : undefined) },
    baseUrl,
    timeoutMs,
    now: () => NOW,
  });

describe('x publisher', () => {
  it('POSTs /2/tweets with the user token and reads data.id', async () => {
    standIn.on((r) =>
      r.method === 'POST' && r.path === '/2/tweets'
        ? {
            status: 201,
            headers: {
              'x-rate-limit-limit': '200',
              'x-rate-limit-remaining': '199',
              'x-rate-limit-reset': '1796115600',
            },
            body: { data: { id: '1445880548472328192', text: 'Soldes ce week-end https://t.co/abc' } },
          }
        : undefined,
    );
    const outcome = await publisher().publish(request);
    expect(outcome).toMatchObject({
      kind: 'published',
      externalId: '1445880548472328192',
      permalink: 'https://x.com/maisonexemple/status/1445880548472328192',
      attempt: {
        status: 201,
        rateLimit: {
          'x-rate-limit-limit': '200',
          'x-rate-limit-remaining': '199',
          'x-rate-limit-reset': '1796115600',
        },
      },
    });
    expect(JSON.parse(standIn.received[0]!.body)).toEqual({ text: request.text });
    expect(standIn.received[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('on 429 waits until x-rate-limit-reset, then posts (sendWithRetries, sleeps asserted)', async () => {
    let calls = 0;
    standIn.on(() =>
      ++calls === 1
        ? {
            status: 429,
            headers: {
              'x-rate-limit-remaining': '0',
              'x-rate-limit-reset': String(NOW.getTime() / 1000 + 12),
            },
            body: { title: 'Too Many Requests', detail: 'Too Many Requests', status: 429 },
          }
        : { status: 201, body: { data: { id: '99' } } },
    );
    const sleeps: number[] = [];
    const runtime: SendRuntime = {
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0.5,
      now: () => NOW,
    };
    const { outcome, attempts } = await sendWithRetries(request, publisher(), {}, runtime);
    expect(outcome).toMatchObject({ kind: 'published', externalId: '99' });
    expect(sleeps).toEqual([12_000]);
    expect(attempts.map((a) => a.status)).toEqual([429, 201]);
  });

  it('reads 401 as unauthorized, 403 (duplicate) and 400 as rejected, 503 as retryable', async () => {
    standIn.on(() => ({ status: 401, body: { title: 'Unauthorized', detail: 'Unauthorized', status: 401 } }));
    expect(await publisher().publish(request)).toMatchObject({
      kind: 'unauthorized',
      account: 'x account @maisonexemple (2244994945)',
    });
    standIn.reset();
    standIn.on(() => ({
      status: 403,
      body: { detail: 'You are not allowed to create a Tweet with duplicate content.', status: 403 },
    }));
    expect(await publisher().publish(request)).toMatchObject({
      kind: 'rejected',
      reason: '403: You are not allowed to create a Tweet with duplicate content.',
    });
    standIn.reset();
    standIn.on(() => ({
      status: 400,
      body: {
        errors: [{ message: 'Post text is too long' }],
        title: 'Invalid Request',
        detail: 'One or more parameters to your request was invalid.',
        status: 400,
      },
    }));
    expect(await publisher().publish(request)).toMatchObject({
      kind: 'rejected',
      reason: '400: Post text is too long',
    });
    standIn.reset();
    standIn.on(() => ({ status: 503, body: { title: 'Service Unavailable' } }));
    expect((await publisher().publish(request)).kind).toBe('retryable');
  });

  it('distinguishes a hang (unknown) from a refused connection (retryable)', async () => {
    standIn.on(() => 'hang');
    expect((await publisher(standIn.url, 200).publish(request)).kind).toBe('unknown');
    expect((await publisher(await refusedUrl()).publish(request)).kind).toBe('retryable');
  });

  it('uploads images through /2/media/upload first, then attaches their ids; refuses a video', async () => {
    let media = 0;
    standIn
      .on((r) =>
        r.method === 'GET' && r.path === '/cdn/a.png'
          ? { status: 200, body: 'PNGDATA', headers: { 'content-type': 'image/png' } }
          : undefined,
      )
      .on((r) =>
        r.method === 'POST' && r.path === '/2/media/upload'
          ? {
              status: 200,
              body: { data: { id: `114665456767491276${++media}`, media_key: `3_${media}` } },
            }
          : undefined,
      )
      .on((r) =>
        r.method === 'POST' && r.path === '/2/tweets'
          ? { status: 201, body: { data: { id: '5' } } }
          : undefined,
      );
    const image = { url: `${standIn.url}/cdn/a.png`, kind: 'image' as const };
    const outcome = await publisher().publish({ ...request, media: [image, image] });
    expect(outcome).toMatchObject({ kind: 'published', externalId: '5' });
    const uploads = standIn.received.filter((r) => r.path === '/2/media/upload');
    expect(uploads).toHaveLength(2);
    expect(JSON.parse(uploads[0]!.body)).toEqual({
      media: Buffer.from('PNGDATA').toString('base64'),
      media_category: 'tweet_image',
    });
    expect(uploads[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const tweet = standIn.received.find((r) => r.path === '/2/tweets')!;
    expect(JSON.parse(tweet.body)).toEqual({
      text: request.text,
      media: { media_ids: ['1146654567674912761', '1146654567674912762'] },
    });

    standIn.reset();
    const video = await publisher().publish({
      ...request,
      media: [{ url: 'https://cdn.example.com/v.mp4', kind: 'video' }],
    });
    expect(video.kind).toBe('rejected');
    expect(standIn.received).toHaveLength(0);
  });

  it('does not post when an image upload fails', async () => {
    standIn
      .on((r) => (r.path === '/cdn/a.png' ? { status: 200, body: 'PNG' } : undefined))
      .on((r) =>
        r.path === '/2/media/upload'
          ? { status: 400, body: { detail: 'Unsupported media type' } }
          : undefined,
      );
    const outcome = await publisher().publish({
      ...request,
      media: [{ url: `${standIn.url}/cdn/a.png`, kind: 'image' }],
    });
    expect(outcome).toMatchObject({
      kind: 'rejected',
      reason: 'image 1: upload answered 400: {"detail":"Unsupported media type"}',
    });
    expect(standIn.received.some((r) => r.path === '/2/tweets')).toBe(false);
  });

  it('verifies against the account’s latest posts, ignoring t.co rewriting of links', async () => {
    standIn.on((r) =>
      r.method === 'GET' && r.path === '/2/users/2244994945/tweets'
        ? {
            status: 200,
            body: {
              data: [
                {
                  id: '7',
                  text: 'Soldes ce week-end https://t.co/xyz',
                  created_at: '2026-12-01T08:59:58.000Z',
                },
              ],
            },
          }
        : undefined,
    );
    expect(await publisher().verify(request)).toEqual({
      kind: 'found',
      externalId: '7',
      permalink: 'https://x.com/maisonexemple/status/7',
    });
    expect(await publisher().verify({ ...request, text: 'Autre chose' })).toEqual({ kind: 'absent' });
  });
});

describe('x rate-limit headers', () => {
  it('waits for the 24-hour user cap when it is the one spent', () => {
    const headers = new Headers({
      'x-rate-limit-remaining': '150',
      'x-rate-limit-reset': String(NOW.getTime() / 1000 + 60),
      'x-user-limit-24hour-remaining': '0',
      'x-user-limit-24hour-reset': String(NOW.getTime() / 1000 + 3600),
    });
    expect(retryAfterMs(headers, NOW)).toBe(3_600_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Tue, 01 Dec 2026 09:00:30 GMT' }), NOW)).toBe(30_000);
    expect(retryAfterMs(new Headers(), NOW)).toBeUndefined();
  });
});
