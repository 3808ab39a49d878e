import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { metaSource } from '../../../../shared/domain/ingress/sources/meta.ts';
import type { WebhookRequest } from '../../../../shared/domain/ingress/webhook.ts';

const secret = JSON.stringify({ appSecret: 'meta-app-secret', verifyToken: 'vigie-verify-token' });
const fixture = (name: string) => readFileSync(`test/fixtures/webhooks/meta/${name}.json`, 'utf8');

function post(rawBody: string, appSecret = 'meta-app-secret'): WebhookRequest {
  const signature = `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
  return {
    method: 'POST',
    headers: { 'x-hub-signature-256': signature, 'content-type': 'application/json' },
    query: {},
    rawBody,
  };
}

describe('meta webhook source', () => {
  it('answers the subscription handshake with the challenge, only for the right verify token', () => {
    const query = {
      'hub.mode': 'subscribe',
      'hub.verify_token': 'vigie-verify-token',
      'hub.challenge': '1158201444',
    };
    expect(metaSource.handshake!({ method: 'GET', headers: {}, query, rawBody: '' }, secret)).toEqual({
      statusCode: 200,
      body: '1158201444',
    });
    expect(
      metaSource.handshake!(
        { method: 'GET', headers: {}, query: { ...query, 'hub.verify_token': 'guess' }, rawBody: '' },
        secret,
      ).statusCode,
    ).toBe(403);
  });

  it('accepts a body signed with the app secret; the same body has the same delivery id', () => {
    const body = fixture('page-feed');
    const first = metaSource.verify(post(body), secret, new Date());
    expect(first.ok).toBe(true);
    expect(metaSource.verify(post(body), secret, new Date())).toEqual(first);
  });

  it('refuses a wrong secret, a tampered body, a missing signature and a malformed secret', () => {
    const body = fixture('page-feed');
    expect(metaSource.verify(post(body, 'another-app'), secret, new Date())).toEqual({
      ok: false,
      reason: 'bad signature',
    });
    expect(
      metaSource.verify({ ...post(body), rawBody: body.replace('honte', 'joie') }, secret, new Date()).ok,
    ).toBe(false);
    expect(metaSource.verify({ ...post(body), headers: {} }, secret, new Date()).ok).toBe(false);
    expect(metaSource.verify(post(body), 'not json', new Date()).ok).toBe(false);
  });

  it('turns new Page comments into mentions and ignores edits and reactions', () => {
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

  it('turns Instagram comments into mentions and leaves text-less mention notifications', () => {
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

  it('rejects a body that is not a Meta notification, naming the field', () => {
    const result = metaSource.schema.safeParse({ object: 'user', entry: [] });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.'))).toEqual(['object', 'entry']);
  });
});
