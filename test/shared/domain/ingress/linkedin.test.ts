import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { linkedinSource } from '../../../../shared/domain/ingress/sources/linkedin.ts';
import type { WebhookRequest } from '../../../../shared/domain/ingress/webhook.ts';

const secret = 'WPL_AP1.linkedin-client-secret.Qk29';
const fixture = (name: string) => readFileSync(`test/fixtures/webhooks/linkedin/${name}.json`, 'utf8');
const body = fixture('comment');
const NOW = new Date('2026-03-02T10:06:00Z');
const hmacHex = (payload: string, key = secret) => createHmac('sha256', key).update(payload).digest('hex');

function post(rawBody: string, signature: string): WebhookRequest {
  return {
    method: 'POST',
    headers: { 'x-li-signature': signature, 'content-type': 'application/json' },
    query: {},
    rawBody,
  };
}

describe('linkedin webhook source', () => {
  describe('endpoint validation (GET)', () => {
    it('answers the challengeCode and its hex HMAC with the client secret, as JSON', () => {
      const { query } = JSON.parse(fixture('challenge')) as { query: Record<string, string> };
      expect(linkedinSource.handshake!({ method: 'GET', headers: {}, query, rawBody: '' }, secret)).toEqual({
        statusCode: 200,
        body: {
          challengeCode: '890e4665-4dfe-4ab1-b689-ed553bceeed0',
          challengeResponse: hmacHex('890e4665-4dfe-4ab1-b689-ed553bceeed0'),
        },
      });
    });

    it('answers 400 without a challengeCode', () => {
      expect(
        linkedinSource.handshake!({ method: 'GET', headers: {}, query: {}, rawBody: '' }, secret).statusCode,
      ).toBe(400);
    });
  });

  describe('signature', () => {
    it('accepts the documented forms: HMAC of "hmacsha256=" + body or of the body, header with or without prefix', () => {
      const expected = { ok: true, deliveryId: '771234567,771234568,771234570' };
      for (const signature of [
        hmacHex(`hmacsha256=${body}`),
        `hmacsha256=${hmacHex(`hmacsha256=${body}`)}`,
        hmacHex(body),
        `hmacsha256=${hmacHex(body)}`,
      ]) {
        expect(linkedinSource.verify(post(body, signature), secret, NOW)).toEqual(expected);
      }
    });

    it('dedupes on the notification ids: a replay has the same delivery id', () => {
      const first = linkedinSource.verify(post(body, hmacHex(body)), secret, NOW);
      expect(linkedinSource.verify(post(body, hmacHex(body)), secret, NOW)).toEqual(first);
    });

    it('refuses a wrong secret, a tampered body and a missing header', () => {
      expect(linkedinSource.verify(post(body, hmacHex(body, 'other')), secret, NOW)).toEqual({
        ok: false,
        reason: 'bad signature',
      });
      const tampered = body.replace('décevant', 'parfait');
      expect(linkedinSource.verify(post(tampered, hmacHex(body)), secret, NOW)).toEqual({
        ok: false,
        reason: 'bad signature',
      });
      expect(linkedinSource.verify({ ...post(body, ''), headers: {} }, secret, NOW)).toEqual({
        ok: false,
        reason: 'missing signature',
      });
    });

    it('names a signed but malformed body by its SHA-256 (the ingress then answers 400)', () => {
      const malformed = '{"notifications": [';
      expect(linkedinSource.verify(post(malformed, hmacHex(malformed)), secret, NOW)).toEqual({
        ok: true,
        deliveryId: createHash('sha256').update(malformed).digest('hex'),
      });
    });
  });

  describe('schema', () => {
    it('rejects a body without notifications, or a notification without id, naming the fields', () => {
      expect(
        linkedinSource.schema.safeParse({ type: 'X' }).error!.issues.map((i) => i.path.join('.')),
      ).toEqual(['notifications']);
      const noId = { notifications: [{ action: 'COMMENT', lastModifiedAt: 1 }] };
      expect(linkedinSource.schema.safeParse(noId).error!.issues.map((i) => i.path.join('.'))).toEqual([
        'notifications.0.notificationId',
      ]);
    });

    it('accepts a single bare notification as a list of one', () => {
      const [single] = (JSON.parse(body) as { notifications: unknown[] }).notifications;
      const parsed = linkedinSource.schema.parse(single);
      expect(parsed.notifications.map((n) => n.notificationId)).toEqual(['771234567']);
    });
  });

  describe('normalize', () => {
    it('turns members’ comments into mentions; the organization’s own comment and likes are ignored', () => {
      expect(linkedinSource.normalize(linkedinSource.schema.parse(JSON.parse(body)))).toEqual([
        {
          name: 'mentionReceived',
          detail: {
            id: 'li:urn:li:comment:(urn:li:activity:7170012345678901235,7170099999999999999)',
            at: '2026-03-02T10:05:00.000Z',
            network: 'linkedin',
            text: 'Toujours pas de réponse du support depuis deux semaines, décevant.',
            author: { handle: 'urn:li:person:AbC123xYz', followers: 0 },
            url: 'https://www.linkedin.com/feed/update/urn:li:activity:7170012345678901235/',
          },
        },
      ]);
    });
  });
});
