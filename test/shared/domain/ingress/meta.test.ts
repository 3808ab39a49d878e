import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { metaSource } from '../../../../shared/domain/ingress/sources/meta.ts';
import type { WebhookRequest } from '../../../../shared/domain/ingress/webhook.ts';

const APP_SECRET = 'meta-app-secret-3f9a1c';
const secret = JSON.stringify({ appSecret: APP_SECRET, verifyToken: 'vigie-verify-token' });
const fixture = (name: string) => readFileSync(`test/fixtures/webhooks/meta/${name}.json`, 'utf8');
const NOW = new Date('2026-03-02T09:52:00Z');

function post(rawBody: string, appSecret = APP_SECRET): WebhookRequest {
  const signature = `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
  return {
    method: 'POST',
    headers: { 'x-hub-signature-256': signature, 'content-type': 'application/json' },
    query: {},
    rawBody,
  };
}

const handshake = JSON.parse(fixture('handshake')) as { method: string; query: Record<string, string> };
const get = (query: Record<string, string | undefined>): WebhookRequest => ({
  method: 'GET',
  headers: {},
  query,
  rawBody: '',
});

describe('meta webhook source', () => {
  describe('subscription handshake (GET)', () => {
    it('answers the challenge itself, as plain text, when the verify token matches', () => {
      expect(metaSource.handshake!(get(handshake.query), secret)).toEqual({
        statusCode: 200,
        body: '1158201444',
      });
    });

    it('answers 403 to a wrong or missing token, another mode, a missing challenge or a malformed secret', () => {
      const forbidden = { statusCode: 403, body: { error: 'forbidden' } };
      expect(metaSource.handshake!(get({ ...handshake.query, 'hub.verify_token': 'guess' }), secret)).toEqual(
        forbidden,
      );
      expect(
        metaSource.handshake!(get({ ...handshake.query, 'hub.verify_token': undefined }), secret),
      ).toEqual(forbidden);
      expect(metaSource.handshake!(get({ ...handshake.query, 'hub.mode': 'unsubscribe' }), secret)).toEqual(
        forbidden,
      );
      expect(metaSource.handshake!(get({ ...handshake.query, 'hub.challenge': undefined }), secret)).toEqual(
        forbidden,
      );
      expect(metaSource.handshake!(get(handshake.query), 'vigie-verify-token')).toEqual(forbidden);
    });
  });

  describe('signature', () => {
    const body = fixture('page-feed');

    it('accepts a body signed with the app secret; the delivery id is the body’s SHA-256', () => {
      expect(metaSource.verify(post(body), secret, NOW)).toEqual({
        ok: true,
        deliveryId: createHash('sha256').update(body).digest('hex'),
      });
    });

    it('gives a replayed delivery the same delivery id (so the ingress answers it as a duplicate)', () => {
      const first = metaSource.verify(post(body), secret, NOW);
      const replay = metaSource.verify(post(body), secret, new Date(NOW.getTime() + 3_600_000));
      expect(replay).toEqual(first);
    });

    it('refuses a wrong secret, a tampered body, a missing header and a malformed secret', () => {
      expect(metaSource.verify(post(body, 'another-app-secret'), secret, NOW)).toEqual({
        ok: false,
        reason: 'bad signature',
      });
      expect(
        metaSource.verify({ ...post(body), rawBody: body.replace('honte', 'joie') }, secret, NOW),
      ).toEqual({
        ok: false,
        reason: 'bad signature',
      });
      expect(metaSource.verify({ ...post(body), headers: {} }, secret, NOW)).toEqual({
        ok: false,
        reason: 'missing signature',
      });
      // The signature without its "sha256=" prefix is not what Meta sends.
      const bare = createHmac('sha256', APP_SECRET).update(body).digest('hex');
      expect(
        metaSource.verify({ ...post(body), headers: { 'x-hub-signature-256': bare } }, secret, NOW).ok,
      ).toBe(false);
      expect(metaSource.verify(post(body), 'not json', NOW)).toEqual({
        ok: false,
        reason: 'misconfigured secret',
      });
    });

    it('lets a signed but malformed JSON body through verification (the ingress answers 400, not 401)', () => {
      const malformed = '{"object": "page", "entry": [';
      expect(metaSource.verify(post(malformed), secret, NOW).ok).toBe(true);
      expect(() => JSON.parse(malformed)).toThrow();
    });
  });

  describe('schema', () => {
    it('accepts both fixtures', () => {
      expect(metaSource.schema.safeParse(JSON.parse(fixture('page-feed'))).success).toBe(true);
      expect(metaSource.schema.safeParse(JSON.parse(fixture('instagram-comments'))).success).toBe(true);
    });

    it('rejects a body that is not a Meta notification, naming the fields', () => {
      const result = metaSource.schema.safeParse({ object: 'user', entry: [] });
      expect(result.error!.issues.map((issue) => issue.path.join('.'))).toEqual(['object', 'entry']);
      const noTime = metaSource.schema.safeParse({ object: 'page', entry: [{ id: '1', changes: [] }] });
      expect(noTime.error!.issues.map((issue) => issue.path.join('.'))).toEqual(['entry.0.time']);
    });
  });

  describe('normalize', () => {
    it('turns a new Page comment into a mention; the Page’s own reply, edits and reactions are ignored', () => {
      const events = metaSource.normalize(metaSource.schema.parse(JSON.parse(fixture('page-feed'))));
      expect(events).toEqual([
        {
          name: 'mentionReceived',
          detail: {
            id: 'fb:122112233445566_1029384756',
            at: '2026-03-02T09:49:58.000Z',
            network: 'facebook',
            text: "Trois jours sans réseau et toujours aucune explication, c'est une honte",
            author: { handle: 'Julie Martin', followers: 0 },
            url: 'https://www.facebook.com/122112233445566_1029384756',
          },
        },
      ]);
    });

    it('turns Instagram comments into mentions; the account’s own reply and id-only mentions are ignored', () => {
      const events = metaSource.normalize(metaSource.schema.parse(JSON.parse(fixture('instagram-comments'))));
      expect(events).toEqual([
        {
          name: 'mentionReceived',
          detail: {
            id: 'ig:17865799348089039',
            at: '2026-03-02T09:51:00.000Z',
            network: 'instagram',
            text: 'Arnaque totale 😡 #boycott',
            author: { handle: '@lucie_dtr', followers: 0 },
          },
        },
      ]);
    });

    it('gives the same mention id when Meta delivers the same comment in another batch', () => {
      const body = JSON.parse(fixture('page-feed'));
      body.entry[0].time = 1772445999;
      body.entry[0].changes.reverse();
      const [again] = metaSource.normalize(metaSource.schema.parse(body));
      expect(again!.detail).toMatchObject({ id: 'fb:122112233445566_1029384756' });
    });
  });
});
