import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agorapulseSource } from '../../../../shared/domain/ingress/sources/agorapulse.ts';
import type { WebhookRequest } from '../../../../shared/domain/ingress/webhook.ts';

const secret = 'agp_whsec_4Dk9LmQ2vX7';
const fixture = (name: string) => readFileSync(`test/fixtures/webhooks/agorapulse/${name}.json`, 'utf8');
const inbox = fixture('inbox-item');
const NOW = new Date('2026-03-02T10:12:05Z');
const hmac = (payload: string, encoding: 'hex' | 'base64', key = secret) =>
  createHmac('sha256', key).update(payload).digest(encoding);

const post = (rawBody: string, signature = hmac(rawBody, 'hex')): WebhookRequest => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-hook-signature': signature },
  query: {},
  rawBody,
});
const normalize = (raw: string) => agorapulseSource.normalize(agorapulseSource.schema.parse(JSON.parse(raw)));

describe('agorapulse webhook source', () => {
  describe('signature', () => {
    it('accepts the HMAC in hex or base64; the delivery id is the event id, the same on a replay', () => {
      const expected = { ok: true, deliveryId: 'evt_01HQ8Z4K7W3V2S1R0P9N8M7L6K' };
      expect(agorapulseSource.verify(post(inbox), secret, NOW)).toEqual(expected);
      expect(agorapulseSource.verify(post(inbox, hmac(inbox, 'base64')), secret, NOW)).toEqual(expected);
      expect(agorapulseSource.verify(post(inbox), secret, new Date(NOW.getTime() + 60_000))).toEqual(
        expected,
      );
    });

    it('refuses a wrong secret, a tampered body and a missing header', () => {
      expect(agorapulseSource.verify(post(inbox, hmac(inbox, 'hex', 'other')), secret, NOW)).toEqual({
        ok: false,
        reason: 'bad signature',
      });
      expect(
        agorapulseSource.verify(post(inbox.replace('jamais', 'bien'), hmac(inbox, 'hex')), secret, NOW),
      ).toEqual({
        ok: false,
        reason: 'bad signature',
      });
      expect(agorapulseSource.verify({ ...post(inbox), headers: {} }, secret, NOW)).toEqual({
        ok: false,
        reason: 'missing signature',
      });
    });

    it('lets a signed but malformed JSON body through to the ingress’s JSON step (400)', () => {
      expect(agorapulseSource.verify(post('{"id": "evt_1", '), secret, NOW).ok).toBe(true);
    });
  });

  describe('schema', () => {
    it('rejects an unknown type and an inbox item without text, naming the fields', () => {
      expect(
        agorapulseSource.schema.safeParse({ type: 'OTHER' }).error!.issues.map((i) => i.path.join('.')),
      ).toEqual(['type']);
      const noText = JSON.parse(inbox);
      delete noText.data.item.text;
      expect(agorapulseSource.schema.safeParse(noText).error!.issues.map((i) => i.path.join('.'))).toEqual([
        'data.item.text',
      ]);
    });
  });

  describe('normalize', () => {
    it('turns an inbox item into a mention carrying Agorapulse’s sentiment', () => {
      expect(normalize(inbox)).toEqual([
        {
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
        },
      ]);
    });

    it('maps sentiments in any case, leaves unknown ones out and skips unknown networks', () => {
      const item = JSON.parse(inbox);
      item.data.item.sentiment = 'positive';
      expect(agorapulseSource.normalize(agorapulseSource.schema.parse(item))[0]!.detail).toMatchObject({
        sentiment: 'positive',
      });
      item.data.item.sentiment = 'MIXED';
      expect(agorapulseSource.normalize(agorapulseSource.schema.parse(item))[0]!.detail).toMatchObject({
        sentiment: undefined,
      });
      item.data.item.network = 'pinterest';
      expect(agorapulseSource.normalize(agorapulseSource.schema.parse(item))).toEqual([]);
    });

    it('turns publishing outcomes into publication.outcome.reported', () => {
      expect(normalize(fixture('publishing-post'))).toEqual([
        {
          name: 'publicationOutcomeReported',
          detail: {
            tool: 'agorapulse',
            toolPostId: 'pst_4411',
            network: 'instagram',
            status: 'published',
            externalId: '17990012345678901',
            permalink: 'https://www.instagram.com/p/C5aBcDeFgHi/',
            at: '2026-03-05T08:30:05.000Z',
          },
        },
      ]);
      expect(normalize(fixture('publishing-post-failed'))[0]!.detail).toEqual({
        tool: 'agorapulse',
        toolPostId: 'pst_4412',
        network: 'linkedin',
        status: 'failed',
        reason: 'Le jeton LinkedIn a expiré, reconnectez le profil.',
        at: '2026-03-05T15:00:07.000Z',
      });
    });
  });
});
