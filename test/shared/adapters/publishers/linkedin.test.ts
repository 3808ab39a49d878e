import { describe, expect, it } from 'vitest';
import { linkedinPublisher, littleText } from '../../../../shared/adapters/publishers/linkedin.ts';
import type { PublishRequest } from '../../../../shared/domain/publishing/publisher.ts';
import { useStandIn } from './stand-in.ts';

const TOKEN = 'AQV-linkedin-token';
const request: PublishRequest = {
  publicationId: 'pub-3',
  network: 'linkedin',
  text: 'Nous recrutons (CDI) ! #emploi https://maison.fr/jobs?utm_source=linkedin&utm_campaign=rh_2026',
  media: [],
  links: [],
  idempotencyKey: 'pub-3:linkedin:1',
  attempt: 1,
};

const standIn = useStandIn();

const publisher = (timeoutMs = 2000) =>
  linkedinPublisher({
    account: { accountId: '2414183' },
    tokens: { get: async (network) => (network === 'linkedin' ? TOKEN : undefined) },
    baseUrl: standIn.url,
    apiVersion: '202511',
    timeoutMs,
  });

describe('linkedin publisher', () => {
  it('escapes reserved characters of the little text format, keeping URLs and hashtags', () => {
    expect(littleText('Prix (TTC) : 10 € @équipe #promo *gras* a_b https://x.fr/a_(b)')).toBe(
      'Prix \\(TTC\\) : 10 € \\@équipe #promo \\*gras\\* a\\_b https://x.fr/a_(b)',
    );
    expect(littleText('# seul')).toBe('\\# seul');
  });

  it('POSTs /rest/posts with the version headers as the organization and reads the id from x-restli-id', async () => {
    standIn.on((r) =>
      r.method === 'POST' && r.path === '/rest/posts'
        ? { status: 201, headers: { 'x-restli-id': 'urn:li:share:7012345678901234567' } }
        : undefined,
    );
    const outcome = await publisher().publish(request);
    expect(outcome).toMatchObject({
      kind: 'published',
      externalId: 'urn:li:share:7012345678901234567',
      permalink: 'https://www.linkedin.com/feed/update/urn:li:share:7012345678901234567/',
      attempt: { status: 201, apiVersion: '202511' },
    });
    const [received] = standIn.received;
    expect(received!.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      'linkedin-version': '202511',
      'x-restli-protocol-version': '2.0.0',
      'content-type': 'application/json',
    });
    expect(JSON.parse(received!.body)).toEqual({
      author: 'urn:li:organization:2414183',
      commentary: littleText(request.text),
      visibility: 'PUBLIC',
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      lifecycleState: 'PUBLISHED',
      isReshareDisabledByAuthor: false,
    });
  });

  it('reads 401 as unauthorized, 422 as rejected, 429 as retryable, a duplicate as the post it names', async () => {
    standIn.on(() => ({
      status: 401,
      body: {
        serviceErrorCode: 65601,
        message: 'The token used in the request has been revoked by the user',
        status: 401,
      },
    }));
    expect(await publisher().publish(request)).toMatchObject({
      kind: 'unauthorized',
      account: 'linkedin account 2414183',
      reason: '401: The token used in the request has been revoked by the user',
    });
    standIn.reset();
    standIn.on(() => ({
      status: 422,
      body: { message: 'ERROR :: /commentary :: length exceeds 3000', status: 422 },
    }));
    expect((await publisher().publish(request)).kind).toBe('rejected');
    standIn.reset();
    standIn.on(() => ({
      status: 429,
      headers: { 'retry-after': '60' },
      body: { message: 'Resource level throttle', status: 429 },
    }));
    expect(await publisher().publish(request)).toMatchObject({ kind: 'retryable', retryAfterMs: 60_000 });
    standIn.reset();
    standIn.on(() => ({
      status: 422,
      body: { message: 'Content is a duplicate of urn:li:share:7000000000000000001', status: 422 },
    }));
    expect(await publisher().publish(request)).toMatchObject({
      kind: 'published',
      externalId: 'urn:li:share:7000000000000000001',
    });
  });

  it('reads a 500 as retryable and a 504 as unknown (the gateway gave up: the post may exist)', async () => {
    standIn.on(() => ({ status: 500, body: { message: 'Internal Server Error', status: 500 } }));
    expect((await publisher().publish(request)).kind).toBe('retryable');
    standIn.reset();
    standIn.on(() => ({ status: 504, body: 'Gateway Timeout' }));
    expect((await publisher().publish(request)).kind).toBe('unknown');
  });

  it('is unknown on a hang, and refuses a video without calling LinkedIn', async () => {
    standIn.on(() => 'hang');
    expect((await publisher(200).publish(request)).kind).toBe('unknown');
    standIn.reset();
    const outcome = await publisher().publish({
      ...request,
      media: [{ url: 'https://cdn.example.com/v.mp4', kind: 'video' }],
    });
    expect(outcome.kind).toBe('rejected');
    expect(standIn.received).toHaveLength(0);
  });

  it('uploads images through the Images API first, then posts them as media or multiImage', async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    let image = 0;
    standIn
      .on((r) =>
        r.method === 'POST' && r.path === '/rest/images' && r.query.get('action') === 'initializeUpload'
          ? {
              status: 200,
              body: {
                value: {
                  uploadUrlExpiresAt: 1796115600000,
                  uploadUrl: `${standIn.url}/dms-uploads/${++image}`,
                  image: `urn:li:image:C4E10AQ${image}`,
                },
              },
            }
          : undefined,
      )
      .on((r) =>
        r.method === 'GET' && r.path.startsWith('/cdn/')
          ? { status: 200, body: jpeg.toString('latin1'), headers: { 'content-type': 'image/jpeg' } }
          : undefined,
      )
      .on((r) => (r.method === 'PUT' && r.path.startsWith('/dms-uploads/') ? { status: 201 } : undefined))
      .on((r) =>
        r.method === 'POST' && r.path === '/rest/posts'
          ? { status: 201, headers: { 'x-restli-id': 'urn:li:share:42' } }
          : undefined,
      );
    const one = await publisher().publish({
      ...request,
      media: [{ url: `${standIn.url}/cdn/a.jpg`, kind: 'image', altText: 'Notre équipe' }],
    });
    expect(one).toMatchObject({ kind: 'published', externalId: 'urn:li:share:42' });
    expect(standIn.received.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /rest/images',
      'GET /cdn/a.jpg',
      'PUT /dms-uploads/1',
      'POST /rest/posts',
    ]);
    const [init, , put, post] = standIn.received;
    expect(JSON.parse(init!.body)).toEqual({
      initializeUploadRequest: { owner: 'urn:li:organization:2414183' },
    });
    expect(init!.headers['linkedin-version']).toBe('202511');
    expect(put!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(put!.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.from(put!.body, 'utf8').length).toBeGreaterThan(0);
    expect(JSON.parse(post!.body).content).toEqual({
      media: { id: 'urn:li:image:C4E10AQ1', altText: 'Notre équipe' },
    });

    standIn.received.length = 0;
    await publisher().publish({
      ...request,
      media: [
        { url: `${standIn.url}/cdn/a.jpg`, kind: 'image' },
        { url: `${standIn.url}/cdn/b.jpg`, kind: 'image' },
      ],
    });
    const multi = standIn.received.find((r) => r.path === '/rest/posts')!;
    expect(JSON.parse(multi.body).content).toEqual({
      multiImage: { images: [{ id: 'urn:li:image:C4E10AQ2' }, { id: 'urn:li:image:C4E10AQ3' }] },
    });
  });

  it('does not post when an image cannot be fetched or uploaded', async () => {
    standIn
      .on((r) =>
        r.path === '/rest/images'
          ? {
              status: 200,
              body: { value: { uploadUrl: `${standIn.url}/dms-uploads/1`, image: 'urn:li:image:1' } },
            }
          : undefined,
      )
      .on((r) => (r.path === '/cdn/missing.jpg' ? { status: 404 } : undefined))
      .on((r) => (r.path === '/cdn/a.jpg' ? { status: 200, body: 'x' } : undefined))
      .on((r) => (r.method === 'PUT' ? { status: 500 } : undefined));
    expect(
      await publisher().publish({
        ...request,
        media: [{ url: `${standIn.url}/cdn/missing.jpg`, kind: 'image' }],
      }),
    ).toMatchObject({ kind: 'rejected', reason: `image 1: download of ${standIn.url}/cdn/missing.jpg: 404` });
    expect(
      await publisher().publish({ ...request, media: [{ url: `${standIn.url}/cdn/a.jpg`, kind: 'image' }] }),
    ).toMatchObject({ kind: 'retryable', reason: 'image 1: upload answered 500' });
    expect(standIn.received.some((r) => r.path === '/rest/posts')).toBe(false);
  });

  it('verifies with the author finder', async () => {
    standIn.on((r) =>
      r.method === 'GET' && r.path === '/rest/posts'
        ? {
            status: 200,
            body: {
              elements: [
                { id: 'urn:li:share:1', commentary: littleText(request.text), createdAt: Date.now() },
              ],
            },
          }
        : undefined,
    );
    expect(await publisher().verify(request)).toMatchObject({ kind: 'found', externalId: 'urn:li:share:1' });
    const [received] = standIn.received;
    expect(received!.query.get('q')).toBe('author');
    expect(received!.query.get('author')).toBe('urn:li:organization:2414183');
    expect(received!.headers['x-restli-method']).toBe('FINDER');
    expect(await publisher().verify({ ...request, text: 'autre' })).toEqual({ kind: 'absent' });
  });
});
