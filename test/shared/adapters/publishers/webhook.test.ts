import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { webhookPublisher } from '../../../../shared/adapters/publishers/webhook.ts';
import { FixedSigningSecrets } from '../../../../shared/adapters/signing-secrets.ts';
import type { PublishRequest } from '../../../../shared/domain/publishing/publisher.ts';
import { payloadSha256 } from '../../../../shared/domain/publishing/send.ts';
import { refusedUrl, useStandIn } from './stand-in.ts';

const SECRET = `whsec_${Buffer.from('a test signing secret of 32 bytes').toString('base64')}`;
// The receiver's library checks the timestamp against its clock (5 minutes of tolerance).
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);

const request: PublishRequest = {
  publicationId: 'pub-1',
  network: 'instagram',
  text: 'Nouvelle collection https://example.com/c?utm_source=instagram',
  media: [{ url: 'https://cdn.example.com/a.jpg', kind: 'image', altText: 'Une veste' }],
  links: ['https://example.com/c?utm_source=instagram'],
  idempotencyKey: 'pub-1:instagram:1',
  attempt: 1,
};

const standIn = useStandIn();

function publisher(overrides: { url?: string; verify?: boolean; secret?: string; timeoutMs?: number } = {}) {
  return webhookPublisher({
    network: 'instagram',
    url: overrides.url ?? `${standIn.url}/hooks/vigie`,
    secretName: '/vigie/example/publisher',
    secrets: new FixedSigningSecrets('secret' in overrides ? overrides.secret : SECRET),
    verify: overrides.verify ?? false,
    timeoutMs: overrides.timeoutMs ?? 2000,
    now: () => NOW,
  });
}

describe('webhook publisher', () => {
  it('POSTs a signed Standard Webhooks delivery whose id is the idempotency key, and records the answer', async () => {
    standIn.on((received) =>
      received.method === 'POST' && received.path === '/hooks/vigie'
        ? { status: 200, body: { externalId: 'ig-123', permalink: 'https://instagram.com/p/abc' } }
        : undefined,
    );
    const outcome = await publisher().publish(request);

    expect(outcome).toMatchObject({
      kind: 'published',
      externalId: 'ig-123',
      permalink: 'https://instagram.com/p/abc',
    });
    expect(standIn.received).toHaveLength(1);
    const [received] = standIn.received;
    expect(received!.headers['webhook-id']).toBe('pub-1:instagram:1');
    expect(received!.headers['webhook-timestamp']).toBe(String(NOW.getTime() / 1000));
    // The receiver's check, with the standardwebhooks library: throws on a bad signature.
    const verified = new Webhook(SECRET).verify(received!.body, {
      'webhook-id': received!.headers['webhook-id'] as string,
      'webhook-timestamp': received!.headers['webhook-timestamp'] as string,
      'webhook-signature': received!.headers['webhook-signature'] as string,
    }) as never;
    expect(verified).toEqual({
      type: 'publication.publish',
      timestamp: NOW.toISOString(),
      data: {
        publicationId: 'pub-1',
        network: 'instagram',
        text: request.text,
        media: request.media,
        links: request.links,
        idempotencyKey: 'pub-1:instagram:1',
        attempt: 1,
      },
    });
    expect(outcome.attempt).toMatchObject({ status: 200, payloadSha256: payloadSha256(received!.body) });
  });

  it('takes a 2xx without a body as published under the webhook id, and a 409 as already received', async () => {
    standIn.on(() => ({ status: 202 }));
    expect(await publisher().publish(request)).toMatchObject({
      kind: 'published',
      externalId: 'pub-1:instagram:1',
    });
    standIn.reset();
    standIn.on(() => ({ status: 409, body: { externalId: 'ig-9' } }));
    expect(await publisher().publish(request)).toMatchObject({ kind: 'published', externalId: 'ig-9' });
    standIn.reset();
    standIn.on(() => ({ status: 200, body: { externalId: 4242 } }));
    expect(await publisher().publish(request)).toMatchObject({ kind: 'published', externalId: '4242' });
  });

  it('reads 422 as rejected, 401/403 as unauthorized, 429 as retryable after Retry-After, 503 as retryable', async () => {
    const cases: [number, Record<string, string>, object][] = [
      [422, {}, { kind: 'rejected', reason: '422: {"error":"text too long"}' }],
      [401, {}, { kind: 'unauthorized', account: `instagram webhook ${new URL(standIn.url).host}` }],
      [403, {}, { kind: 'unauthorized' }],
      [429, { 'retry-after': '7' }, { kind: 'retryable', retryAfterMs: 7000 }],
      [503, {}, { kind: 'retryable', retryAfterMs: undefined }],
    ];
    for (const [status, headers, expected] of cases) {
      standIn.reset();
      standIn.on(() => ({ status, headers, body: { error: 'text too long' } }));
      const outcome = await publisher().publish(request);
      expect(outcome, String(status)).toMatchObject(expected);
      expect(outcome.attempt.status).toBe(status);
    }
  });

  it('does not follow a redirect of the POST (it would arrive as a GET without body): rejected, the URL must change', async () => {
    standIn.on((received) =>
      received.path === '/hooks/vigie'
        ? { status: 301, headers: { location: `${standIn.url}/elsewhere` } }
        : { status: 200 },
    );
    const outcome = await publisher().publish(request);
    expect(outcome).toMatchObject({ kind: 'rejected', attempt: { status: 301 } });
    expect(standIn.received.map((r) => r.path)).toEqual(['/hooks/vigie']);
  });

  it('keeps the rate-limit headers in the attempt record', async () => {
    standIn.on(() => ({ status: 429, headers: { 'retry-after': '2', 'x-ratelimit-remaining': '0' } }));
    const outcome = await publisher().publish(request);
    expect(outcome.attempt.rateLimit).toEqual({ 'retry-after': '2', 'x-ratelimit-remaining': '0' });
  });

  it('is unknown when the request left and no answer came (timeout), retryable when the connection was refused', async () => {
    standIn.on(() => 'hang');
    const hung = await publisher({ timeoutMs: 200 }).publish(request);
    expect(hung).toMatchObject({ kind: 'unknown', reason: 'sent, no answer: no answer within 200 ms' });
    expect(standIn.received).toHaveLength(1);

    const refused = await publisher({ url: `${await refusedUrl()}/hook` }).publish(request);
    expect(refused.kind).toBe('retryable');
    expect(refused.kind === 'retryable' && refused.reason).toContain('ECONNREFUSED');
  });

  it('does not send without a valid signing secret, and says which secret', async () => {
    for (const secret of [undefined, 'not-a-whsec-secret!']) {
      const outcome = await publisher({ secret }).publish(request);
      expect(outcome).toMatchObject({
        kind: 'unauthorized',
        reason: 'no valid signing secret in /vigie/example/publisher',
      });
    }
    expect(standIn.received).toHaveLength(0);
  });

  it('verifies with a signed GET ?idempotencyKey= when the receiver supports it', async () => {
    standIn.on((received) =>
      received.method === 'GET' && received.query.get('idempotencyKey') === 'pub-1:instagram:1'
        ? { status: 200, body: { externalId: 'ig-123' } }
        : undefined,
    );
    expect(await publisher({ verify: true }).verify(request)).toEqual({
      kind: 'found',
      externalId: 'ig-123',
      permalink: undefined,
    });
    const [received] = standIn.received;
    expect(() =>
      new Webhook(SECRET).verify('', {
        'webhook-id': received!.headers['webhook-id'] as string,
        'webhook-timestamp': received!.headers['webhook-timestamp'] as string,
        'webhook-signature': received!.headers['webhook-signature'] as string,
      }),
    ).not.toThrow();

    standIn.reset();
    standIn.on(() => ({ status: 404 }));
    expect(await publisher({ verify: true }).verify(request)).toEqual({ kind: 'absent' });
    standIn.reset();
    standIn.on(() => ({ status: 500 }));
    expect((await publisher({ verify: true }).verify(request)).kind).toBe('cannot-tell');
  });

  it('never asks a receiver that does not support verify (a 404 there would mean nothing)', async () => {
    expect((await publisher().verify(request)).kind).toBe('cannot-tell');
    expect(standIn.received).toHaveLength(0);
  });
});
