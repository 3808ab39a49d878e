import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { linkedinPublisher, littleText } from '../../../../shared/adapters/publishers/linkedin.ts';
import type { PublishRequest } from '../../../../shared/domain/publishing/publisher.ts';
import { StandIn } from './stand-in.ts';

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

let standIn: StandIn;
beforeAll(async () => {
  standIn = await StandIn.start();
});
afterAll(() => standIn.close());
beforeEach(() => standIn.reset());

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

  it('is unknown on a hang, and refuses media it cannot upload without calling LinkedIn', async () => {
    standIn.on(() => 'hang');
    expect((await publisher(200).publish(request)).kind).toBe('unknown');
    standIn.reset();
    const outcome = await publisher().publish({
      ...request,
      media: [{ url: 'https://cdn.example.com/a.jpg', kind: 'image' }],
    });
    expect(outcome.kind).toBe('rejected');
    expect(standIn.received).toHaveLength(0);
  });

  it('verifies with the author finder', async () => {
    standIn.on((r) =>
      r.method === 'GET' && r.path === '/rest/posts'
        ? {
            status: 200,
            body: { elements: [{ id: 'urn:li:share:1', commentary: littleText(request.text) }] },
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
