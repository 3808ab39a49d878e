import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agorapulseSource } from '../../../../shared/domain/ingress/sources/agorapulse.ts';
import { hootsuiteSource } from '../../../../shared/domain/ingress/sources/hootsuite.ts';
import { linkedinSource } from '../../../../shared/domain/ingress/sources/linkedin.ts';
import { mixpostSource } from '../../../../shared/domain/ingress/sources/mixpost.ts';
import { networkOf } from '../../../../shared/domain/ingress/sources/networks.ts';
import { postizSource } from '../../../../shared/domain/ingress/sources/postiz.ts';
import { tiktokSource } from '../../../../shared/domain/ingress/sources/tiktok.ts';
import type { WebhookRequest, WebhookSourceAdapter } from '../../../../shared/domain/ingress/webhook.ts';

const fixture = (path: string) => readFileSync(`test/fixtures/webhooks/${path}.json`, 'utf8');
const hmac = (secret: string, payload: string, encoding: 'hex' | 'base64') =>
  createHmac('sha256', secret).update(payload).digest(encoding);
const request = (
  rawBody: string,
  headers: Record<string, string> = {},
  query: Record<string, string> = {},
): WebhookRequest => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  query,
  rawBody,
});
const normalize = (adapter: WebhookSourceAdapter, raw: string) =>
  adapter.normalize(adapter.schema.parse(JSON.parse(raw)));
const NOW = new Date('2026-03-05T08:30:30Z');
const field = (event: { detail: unknown }, name: string) => (event.detail as Record<string, unknown>)[name];

describe('networks named by the tools', () => {
  it.each([
    ['facebook_page', 'facebook'],
    ['LINKEDINCOMPANY', 'linkedin'],
    ['linkedin-page', 'linkedin'],
    ['INSTAGRAMBUSINESS', 'instagram'],
    ['twitter', 'x'],
    ['x', 'x'],
    ['mastodon', undefined],
  ])('%s → %s', (name, network) => {
    expect(networkOf(name)).toBe(network);
  });
});

describe('tiktok', () => {
  const secret = 'tiktok-client-secret';
  const sign = (body: string, t: number, key = secret) => ({
    'tiktok-signature': `t=${t},s=${hmac(key, `${t}.${body}`, 'hex')}`,
  });
  const body = fixture('tiktok/publish-complete');
  const t = Math.floor(NOW.getTime() / 1000);

  it('verifies the timestamped signature, refuses stale, wrong and tampered ones', () => {
    const ok = tiktokSource.verify(request(body, sign(body, t)), secret, NOW);
    expect(ok.ok).toBe(true);
    expect(tiktokSource.verify(request(body, sign(body, t)), secret, NOW)).toEqual(ok);
    expect(tiktokSource.verify(request(body, sign(body, t - 301)), secret, NOW)).toEqual({
      ok: false,
      reason: 'stale timestamp',
    });
    expect(tiktokSource.verify(request(body, sign(body, t, 'other')), secret, NOW)).toEqual({
      ok: false,
      reason: 'bad signature',
    });
    expect(tiktokSource.verify(request(`${body} `, sign(body, t)), secret, NOW).ok).toBe(false);
    expect(tiktokSource.verify(request(body), secret, NOW)).toEqual({
      ok: false,
      reason: 'missing signature',
    });
  });

  it('reports published and failed posts', () => {
    expect(normalize(tiktokSource, body).map((e) => e.detail)).toEqual([
      {
        tool: 'tiktok',
        toolPostId: 'v_pub_url~v2-1.7345678901234567890',
        network: 'tiktok',
        status: 'published',
        externalId: '7412345678901234567',
        at: '2026-03-02T10:00:00.000Z',
      },
    ]);
    expect(normalize(tiktokSource, fixture('tiktok/publish-failed'))[0]!.detail).toMatchObject({
      status: 'failed',
      reason: 'video_pull_failed',
    });
    expect(tiktokSource.schema.safeParse({ event: 'x' }).success).toBe(false);
  });
});

describe('linkedin', () => {
  const secret = 'linkedin-client-secret';
  const body = fixture('linkedin/comment');

  it('answers the challenge and verifies X-LI-Signature, with or without its prefix', () => {
    expect(
      linkedinSource.handshake!(
        { method: 'GET', headers: {}, query: { challengeCode: 'abc' }, rawBody: '' },
        secret,
      ),
    ).toEqual({
      statusCode: 200,
      body: { challengeCode: 'abc', challengeResponse: hmac(secret, 'abc', 'hex') },
    });
    const first = linkedinSource.verify(
      request(body, { 'x-li-signature': hmac(secret, body, 'hex') }),
      secret,
      NOW,
    );
    expect(first).toEqual({ ok: true, deliveryId: '771234567,771234568' });
    expect(
      linkedinSource.verify(
        request(body, { 'x-li-signature': `hmacsha256=${hmac(secret, body, 'hex')}` }),
        secret,
        NOW,
      ),
    ).toEqual(first);
    expect(
      linkedinSource.verify(request(body, { 'x-li-signature': hmac('other', body, 'hex') }), secret, NOW).ok,
    ).toBe(false);
    expect(
      linkedinSource.verify(
        request(body.replace('décevant', 'super'), { 'x-li-signature': hmac(secret, body, 'hex') }),
        secret,
        NOW,
      ).ok,
    ).toBe(false);
  });

  it('turns comments with text into mentions, ignores likes', () => {
    expect(normalize(linkedinSource, body).map((e) => e.detail)).toEqual([
      {
        id: 'li:urn:li:comment:(urn:li:activity:7170012345678901234,7170099999999999999)',
        at: '2026-03-02T10:05:00.000Z',
        network: 'linkedin',
        text: 'Toujours pas de réponse du support depuis deux semaines, décevant.',
        author: { handle: 'urn:li:person:AbC123xYz', followers: 0 },
      },
    ]);
  });
});

describe('mixpost', () => {
  const secret = 'mixpost-secret';
  const body = fixture('mixpost/post-published');

  it('verifies X-Signature and reports one outcome per known network', () => {
    expect(
      mixpostSource.verify(request(body, { 'x-signature': hmac(secret, body, 'hex') }), secret, NOW).ok,
    ).toBe(true);
    expect(
      mixpostSource.verify(request(body, { 'x-signature': hmac('other', body, 'hex') }), secret, NOW).ok,
    ).toBe(false);
    expect(
      normalize(mixpostSource, body).map((e) => [
        field(e, 'network'),
        field(e, 'status'),
        field(e, 'externalId'),
      ]),
    ).toEqual([
      ['facebook', 'published', '104893821123456_122133344455566'],
      ['instagram', 'published', '17990012345678901'],
    ]);
    expect(
      mixpostSource.schema
        .safeParse({ event: 'post.published', data: {} })
        .error!.issues.map((i) => i.path.join('.')),
    ).toEqual(['data.uuid', 'data.updated_at']);
  });
});

describe('postiz (unsigned, URL token)', () => {
  const body = fixture('postiz/posts');

  it('needs the right token in the URL', () => {
    expect(postizSource.verify(request(body, {}, { token: 'url-token' }), 'url-token', NOW).ok).toBe(true);
    expect(postizSource.verify(request(body, {}, { token: 'guess' }), 'url-token', NOW)).toEqual({
      ok: false,
      reason: 'bad token',
    });
    expect(postizSource.verify(request(body), 'url-token', NOW)).toEqual({
      ok: false,
      reason: 'missing token',
    });
  });

  it('reports published and failed posts, not drafts', () => {
    expect(normalize(postizSource, body).map((e) => e.detail)).toEqual([
      {
        tool: 'postiz',
        toolPostId: 'cm7a1b2c3d4e5f6g7h8i9j0k',
        network: 'linkedin',
        status: 'published',
        externalId: 'urn:li:share:7171234567890123456',
        permalink: 'https://www.linkedin.com/feed/update/urn:li:share:7171234567890123456',
        at: '2026-03-05T08:30:00.000Z',
      },
      {
        tool: 'postiz',
        toolPostId: 'cm7a1b2c3d4e5f6g7h8i9j0l',
        network: 'x',
        status: 'failed',
        reason: 'Token expired, reconnect X',
        at: '2026-03-05T08:30:00.000Z',
      },
    ]);
  });
});

describe('hootsuite (unsigned, URL token, seq_no)', () => {
  const body = fixture('hootsuite/events');

  it('uses the batch’s sequence numbers as delivery id, so a retry is recognised', () => {
    expect(hootsuiteSource.verify(request(body, {}, { token: 't0k3n' }), 't0k3n', NOW)).toEqual({
      ok: true,
      deliveryId: '1042,1043,1044',
    });
    expect(hootsuiteSource.verify(request(body, {}, { token: 'nope' }), 't0k3n', NOW).ok).toBe(false);
  });

  it('maps message states, ignores the others', () => {
    expect(
      normalize(hootsuiteSource, body).map((e) => [
        field(e, 'toolPostId'),
        field(e, 'status'),
        field(e, 'network'),
      ]),
    ).toEqual([
      ['5521839201', 'published', 'linkedin'],
      ['5521839202', 'failed', 'instagram'],
    ]);
  });
});

describe('agorapulse', () => {
  const secret = 'agorapulse-secret';
  const inbox = fixture('agorapulse/inbox-item');

  it('verifies X-Hook-Signature (hex or base64) and uses the event id', () => {
    expect(
      agorapulseSource.verify(
        request(inbox, { 'x-hook-signature': hmac(secret, inbox, 'hex') }),
        secret,
        NOW,
      ),
    ).toEqual({
      ok: true,
      deliveryId: 'evt_01HQ8Z4K7W3V2S1R0P9N8M7L6K',
    });
    expect(
      agorapulseSource.verify(
        request(inbox, { 'x-hook-signature': hmac(secret, inbox, 'base64') }),
        secret,
        NOW,
      ).ok,
    ).toBe(true);
    expect(
      agorapulseSource.verify(
        request(inbox, { 'x-hook-signature': hmac('other', inbox, 'hex') }),
        secret,
        NOW,
      ).ok,
    ).toBe(false);
  });

  it('turns inbox items into mentions with Agorapulse’s sentiment, publishing posts into outcomes', () => {
    expect(normalize(agorapulseSource, inbox)[0]).toEqual({
      name: 'mentionReceived',
      detail: {
        id: 'agorapulse:itm_88231',
        at: '2026-03-02T10:11:41.000Z',
        network: 'facebook',
        text: 'Commande jamais reçue, remboursez-moi',
        author: { handle: 'Paul R.', followers: 312 },
        sentiment: 'negative',
        url: 'https://www.facebook.com/122112233445566_1029384999',
      },
    });
    expect(normalize(agorapulseSource, fixture('agorapulse/publishing-post'))[0]!.detail).toMatchObject({
      tool: 'agorapulse',
      status: 'published',
      network: 'instagram',
      externalId: '17990012345678901',
    });
    expect(agorapulseSource.schema.safeParse({ type: 'OTHER' }).success).toBe(false);
  });
});
