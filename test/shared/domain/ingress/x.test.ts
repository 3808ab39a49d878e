import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { xSource } from '../../../../shared/domain/ingress/sources/x.ts';
import type { WebhookRequest } from '../../../../shared/domain/ingress/webhook.ts';

const secret = 'x-consumer-secret';
const body = readFileSync('test/fixtures/webhooks/x/tweet-create.json', 'utf8');

function post(rawBody: string, key = secret): WebhookRequest {
  const signature = `sha256=${createHmac('sha256', key).update(rawBody).digest('base64')}`;
  return { method: 'POST', headers: { 'x-twitter-webhooks-signature': signature }, query: {}, rawBody };
}

describe('x webhook source', () => {
  it('answers the CRC challenge with the base64 HMAC of the token', () => {
    const expected = `sha256=${createHmac('sha256', secret).update('challenge-123').digest('base64')}`;
    expect(
      xSource.handshake!(
        { method: 'GET', headers: {}, query: { crc_token: 'challenge-123' }, rawBody: '' },
        secret,
      ),
    ).toEqual({
      statusCode: 200,
      body: { response_token: expected },
    });
    expect(
      xSource.handshake!({ method: 'GET', headers: {}, query: {}, rawBody: '' }, secret).statusCode,
    ).toBe(400);
  });

  it('verifies the signature; the same body gives the same delivery id; wrong secret or tampering fail', () => {
    const first = xSource.verify(post(body), secret, new Date());
    expect(first.ok).toBe(true);
    expect(xSource.verify(post(body), secret, new Date())).toEqual(first);
    expect(xSource.verify(post(body, 'other'), secret, new Date()).ok).toBe(false);
    expect(
      xSource.verify({ ...post(body), rawBody: body.replace('honte', 'joie') }, secret, new Date()).ok,
    ).toBe(false);
    expect(xSource.verify({ ...post(body), headers: {} }, secret, new Date()).ok).toBe(false);
  });

  it('turns other people’s tweets into mentions (full text when extended), not the brand’s own replies', () => {
    const events = xSource.normalize(xSource.schema.parse(JSON.parse(body)));
    expect(events.map((event) => event.detail)).toEqual([
      {
        id: 'x:1764000000000000000',
        at: '2026-03-02T10:07:12.000Z',
        network: 'x',
        text: "@MaisonExemple 3 jours sans réseau, toujours rien… c'est une honte #boycott",
        author: { handle: '@lucie_dtr', followers: 18400 },
        url: 'https://x.com/lucie_dtr/status/1764000000000000000',
      },
      {
        id: 'x:1764000000000000002',
        at: '2026-03-02T10:09:30.000Z',
        network: 'x',
        text: "@MaisonExemple long thread incoming: trois techniciens annoncés, aucun n'est venu. Je résilie.",
        author: { handle: '@marc_b', followers: 230 },
        url: 'https://x.com/marc_b/status/1764000000000000002',
      },
    ]);
  });

  it('rejects a body without the subscribed account, naming the field', () => {
    const result = xSource.schema.safeParse({ tweet_create_events: [] });
    expect(result.error!.issues.map((issue) => issue.path.join('.'))).toEqual(['for_user_id']);
  });
});
