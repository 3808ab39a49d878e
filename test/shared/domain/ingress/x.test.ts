import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { xSource } from '../../../../shared/domain/ingress/sources/x.ts';
import type { WebhookRequest } from '../../../../shared/domain/ingress/webhook.ts';

const secret = 'x-consumer-secret-Jf83kQ0aZ';
const body = readFileSync('test/fixtures/webhooks/x/tweet-create.json', 'utf8');
const crc = JSON.parse(readFileSync('test/fixtures/webhooks/x/crc.json', 'utf8')) as {
  query: Record<string, string>;
};
const NOW = new Date('2026-03-02T10:12:00Z');

function post(rawBody: string, key = secret): WebhookRequest {
  const signature = `sha256=${createHmac('sha256', key).update(rawBody).digest('base64')}`;
  return {
    method: 'POST',
    headers: { 'x-twitter-webhooks-signature': signature, 'content-type': 'application/json' },
    query: {},
    rawBody,
  };
}

describe('x webhook source', () => {
  describe('CRC (GET)', () => {
    it('answers {"response_token": "sha256=" + base64 HMAC of the crc_token}', () => {
      const expected = `sha256=${createHmac('sha256', secret).update(crc.query.crc_token!).digest('base64')}`;
      expect(
        xSource.handshake!({ method: 'GET', headers: {}, query: crc.query, rawBody: '' }, secret),
      ).toEqual({
        statusCode: 200,
        body: { response_token: expected },
      });
    });

    it('answers 400 without a crc_token', () => {
      expect(xSource.handshake!({ method: 'GET', headers: {}, query: {}, rawBody: '' }, secret)).toEqual({
        statusCode: 400,
        body: { error: 'crc_token is required' },
      });
    });
  });

  describe('signature', () => {
    it('accepts the base64 signature; the delivery id is the body’s SHA-256, the same on a replay', () => {
      const first = xSource.verify(post(body), secret, NOW);
      expect(first).toEqual({ ok: true, deliveryId: createHash('sha256').update(body).digest('hex') });
      expect(xSource.verify(post(body), secret, new Date(NOW.getTime() + 600_000))).toEqual(first);
    });

    it('refuses a wrong secret, a tampered body, a hex signature and a missing header', () => {
      expect(xSource.verify(post(body, 'other-secret'), secret, NOW)).toEqual({
        ok: false,
        reason: 'bad signature',
      });
      expect(xSource.verify({ ...post(body), rawBody: body.replace('honte', 'joie') }, secret, NOW)).toEqual({
        ok: false,
        reason: 'bad signature',
      });
      const hex = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
      expect(
        xSource.verify({ ...post(body), headers: { 'x-twitter-webhooks-signature': hex } }, secret, NOW).ok,
      ).toBe(false);
      expect(xSource.verify({ ...post(body), headers: {} }, secret, NOW)).toEqual({
        ok: false,
        reason: 'missing signature',
      });
    });

    it('lets a signed but malformed JSON body through to the ingress’s JSON step (400)', () => {
      expect(xSource.verify(post('{"for_user_id": '), secret, NOW).ok).toBe(true);
    });
  });

  describe('schema', () => {
    it('rejects a body without the subscribed account or with a tweet missing its author, naming the fields', () => {
      expect(
        xSource.schema.safeParse({ tweet_create_events: [] }).error!.issues.map((i) => i.path.join('.')),
      ).toEqual(['for_user_id']);
      const noUser = { for_user_id: '1', tweet_create_events: [{ id_str: '2', created_at: 'x', text: 'y' }] };
      expect(xSource.schema.safeParse(noUser).error!.issues.map((i) => i.path.join('.'))).toEqual([
        'tweet_create_events.0.user',
      ]);
    });

    it('accepts other activity (likes, follows) without tweets, which gives no event', () => {
      const favorites = { for_user_id: '1480000000000000001', favorite_events: [{ id: 'f1' }] };
      expect(xSource.normalize(xSource.schema.parse(favorites))).toEqual([]);
    });
  });

  describe('normalize', () => {
    it('turns other people’s tweets into mentions (full text when extended); the brand’s own and retweets are not', () => {
      const events = xSource.normalize(xSource.schema.parse(JSON.parse(body)));
      expect(events).toEqual([
        {
          name: 'mentionReceived',
          detail: {
            id: 'x:1764000000000000000',
            at: '2026-03-02T10:07:12.000Z',
            network: 'x',
            text: "@MaisonExemple 3 jours sans réseau, toujours rien… c'est une honte #boycott",
            lang: 'fr',
            author: { handle: '@lucie_dtr', followers: 18400 },
            url: 'https://x.com/lucie_dtr/status/1764000000000000000',
          },
        },
        {
          name: 'mentionReceived',
          detail: {
            id: 'x:1764000000000000002',
            at: '2026-03-02T10:09:30.000Z',
            network: 'x',
            text: "@MaisonExemple long thread incoming: trois techniciens annoncés, aucun n'est venu. Je résilie.",
            author: { handle: '@marc_b', followers: 230 },
            url: 'https://x.com/marc_b/status/1764000000000000002',
          },
        },
      ]);
    });
  });
});
