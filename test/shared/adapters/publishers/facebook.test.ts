import { describe, expect, it } from 'vitest';
import { facebookPublisher } from '../../../../shared/adapters/publishers/facebook.ts';
import type { PublishRequest } from '../../../../shared/domain/publishing/publisher.ts';
import { type Received, useStandIn } from './stand-in.ts';

const PAGE = '100000000000000';
const TOKEN = 'EAAB-page-token';
const request: PublishRequest = {
  publicationId: 'pub-2',
  network: 'facebook',
  text: 'Portes ouvertes samedi https://maison.fr/po?utm_source=facebook',
  media: [],
  links: ['https://maison.fr/po?utm_source=facebook'],
  idempotencyKey: 'pub-2:facebook:1',
  attempt: 1,
};

const standIn = useStandIn();

const publisher = (timeoutMs = 2000) =>
  facebookPublisher({
    account: { accountId: PAGE, handle: 'Maison Exemple' },
    tokens: { get: async (network) => (network === 'facebook' ? TOKEN : undefined) },
    baseUrl: standIn.url,
    timeoutMs,
  });
const json = (received: Received) => JSON.parse(received.body) as Record<string, unknown>;

describe('facebook publisher', () => {
  it('posts text with its link to /{page-id}/feed on the versioned Graph URL', async () => {
    standIn.on((r) =>
      r.method === 'POST' && r.path === `/v24.0/${PAGE}/feed`
        ? { status: 200, body: { id: `${PAGE}_555` } }
        : undefined,
    );
    const outcome = await publisher().publish(request);
    expect(outcome).toMatchObject({
      kind: 'published',
      externalId: `${PAGE}_555`,
      permalink: `https://www.facebook.com/${PAGE}_555`,
      attempt: { status: 200, apiVersion: 'v24.0' },
    });
    expect(json(standIn.received[0]!)).toEqual({ message: request.text, link: request.links[0] });
    expect(standIn.received[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('posts one photo to /photos (its post_id is the post), several as unpublished uploads + attached_media', async () => {
    standIn.on((r) =>
      r.path === `/v24.0/${PAGE}/photos`
        ? { status: 200, body: { id: 'photo-1', post_id: `${PAGE}_777` } }
        : undefined,
    );
    const one = await publisher().publish({
      ...request,
      media: [{ url: 'https://cdn.example.com/a.jpg', kind: 'image' }],
    });
    expect(one).toMatchObject({ kind: 'published', externalId: `${PAGE}_777` });
    expect(json(standIn.received[0]!)).toEqual({
      url: 'https://cdn.example.com/a.jpg',
      caption: request.text,
    });

    standIn.reset();
    let photo = 0;
    standIn
      .on((r) =>
        r.path === `/v24.0/${PAGE}/photos` ? { status: 200, body: { id: `photo-${++photo}` } } : undefined,
      )
      .on((r) =>
        r.path === `/v24.0/${PAGE}/feed` ? { status: 200, body: { id: `${PAGE}_888` } } : undefined,
      );
    const several = await publisher().publish({
      ...request,
      media: [
        { url: 'https://cdn.example.com/a.jpg', kind: 'image' },
        { url: 'https://cdn.example.com/b.jpg', kind: 'image' },
      ],
    });
    expect(several).toMatchObject({ kind: 'published', externalId: `${PAGE}_888` });
    expect(standIn.received.map(json)).toEqual([
      { url: 'https://cdn.example.com/a.jpg', published: false },
      { url: 'https://cdn.example.com/b.jpg', published: false },
      { message: request.text, attached_media: [{ media_fbid: 'photo-1' }, { media_fbid: 'photo-2' }] },
    ]);
  });

  it('posts a video to /videos with file_url and description', async () => {
    standIn.on((r) =>
      r.path === `/v24.0/${PAGE}/videos` ? { status: 200, body: { id: 'video-1' } } : undefined,
    );
    const outcome = await publisher().publish({
      ...request,
      media: [{ url: 'https://cdn.example.com/v.mp4', kind: 'video' }],
    });
    expect(outcome).toMatchObject({ kind: 'published', externalId: 'video-1' });
    expect(json(standIn.received[0]!)).toEqual({
      file_url: 'https://cdn.example.com/v.mp4',
      description: request.text,
    });
  });

  it('reads 190 as unauthorized, 368 (blocked) as rejected, 32 (page limit) as retryable, a hang as unknown', async () => {
    const graphError = (code: number, message: string) => () => ({
      status: 400,
      body: { error: { code, message } },
    });
    standIn.on(graphError(190, 'The session has been invalidated because the user changed their password'));
    expect(await publisher().publish(request)).toMatchObject({
      kind: 'unauthorized',
      account: `facebook account Maison Exemple (${PAGE})`,
    });
    standIn.reset();
    standIn.on(graphError(368, 'The action attempted has been deemed abusive'));
    expect((await publisher().publish(request)).kind).toBe('rejected');
    standIn.reset();
    standIn.on(() => ({
      status: 403,
      headers: { 'retry-after': '30' },
      body: { error: { code: 32, message: 'Page request limit reached' } },
    }));
    expect(await publisher().publish(request)).toMatchObject({ kind: 'retryable', retryAfterMs: 30_000 });
    standIn.reset();
    standIn.on(() => 'hang');
    expect((await publisher(200).publish(request)).kind).toBe('unknown');
  });

  it('reads a 500 as retryable and a 429 with Retry-After as retryable after it', async () => {
    standIn.on(() => ({
      status: 500,
      body: { error: { code: 2, message: 'Service temporarily unavailable', is_transient: true } },
    }));
    expect((await publisher().publish(request)).kind).toBe('retryable');
    standIn.reset();
    standIn.on(() => ({ status: 429, headers: { 'retry-after': '5' }, body: 'Too Many Requests' }));
    expect(await publisher().publish(request)).toMatchObject({
      kind: 'retryable',
      retryAfterMs: 5000,
      attempt: { status: 429 },
    });
  });

  it('treats a hung photo upload as retryable: nothing is posted before the feed call', async () => {
    standIn.on(() => 'hang');
    const outcome = await publisher(200).publish({
      ...request,
      media: [
        { url: 'https://cdn.example.com/a.jpg', kind: 'image' },
        { url: 'https://cdn.example.com/b.jpg', kind: 'image' },
      ],
    });
    expect(outcome.kind).toBe('retryable');
  });

  it('verifies against the page’s latest posts', async () => {
    standIn.on((r) =>
      r.method === 'GET' && r.path === `/v24.0/${PAGE}/posts`
        ? {
            status: 200,
            body: {
              data: [
                {
                  id: `${PAGE}_1`,
                  message: request.text,
                  permalink_url: 'https://www.facebook.com/p/1',
                  created_time: new Date().toISOString().replace(/\.\d{3}Z$/, '+0000'),
                },
              ],
            },
          }
        : undefined,
    );
    expect(await publisher().verify(request)).toEqual({
      kind: 'found',
      externalId: `${PAGE}_1`,
      permalink: 'https://www.facebook.com/p/1',
    });
    expect(await publisher().verify({ ...request, text: 'autre' })).toEqual({ kind: 'absent' });
    standIn.reset();
    standIn.on(() => ({ status: 500 }));
    expect((await publisher().verify(request)).kind).toBe('cannot-tell');
  });
});
