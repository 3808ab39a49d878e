import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tiktokSource } from '../../../../shared/domain/ingress/sources/tiktok.ts';
import type { WebhookRequest } from '../../../../shared/domain/ingress/webhook.ts';

const secret = 'tiktok-client-secret-8GhT2';
const fixture = (name: string) => readFileSync(`test/fixtures/webhooks/tiktok/${name}.json`, 'utf8');
const NOW = new Date('2026-03-02T10:00:30Z');
const T = Math.floor(NOW.getTime() / 1000);

function post(rawBody: string, t: number | string = T, key = secret): WebhookRequest {
  const s = createHmac('sha256', key).update(`${t}.${rawBody}`).digest('hex');
  return {
    method: 'POST',
    headers: { 'tiktok-signature': `t=${t},s=${s}`, 'content-type': 'application/json' },
    query: {},
    rawBody,
  };
}
const normalize = (raw: string) => tiktokSource.normalize(tiktokSource.schema.parse(JSON.parse(raw)));

describe('tiktok webhook source', () => {
  const body = fixture('publish-complete');

  describe('signature', () => {
    it('accepts t=<seconds>,s=<hex HMAC of "t.body">; the delivery id is the body’s SHA-256', () => {
      expect(tiktokSource.verify(post(body), secret, NOW)).toEqual({
        ok: true,
        deliveryId: createHash('sha256').update(body).digest('hex'),
      });
    });

    it('gives a replay within the window the same delivery id', () => {
      const first = tiktokSource.verify(post(body), secret, NOW);
      expect(tiktokSource.verify(post(body), secret, new Date(NOW.getTime() + 60_000))).toEqual(first);
    });

    it('refuses a timestamp more than 300 s away, either way, and accepts one at 300 s', () => {
      expect(tiktokSource.verify(post(body, T - 301), secret, NOW)).toEqual({
        ok: false,
        reason: 'stale timestamp',
      });
      expect(tiktokSource.verify(post(body, T + 301), secret, NOW)).toEqual({
        ok: false,
        reason: 'stale timestamp',
      });
      expect(tiktokSource.verify(post(body, T - 300), secret, NOW).ok).toBe(true);
    });

    it('refuses a wrong secret, a tampered body, a tampered timestamp and a missing or partial header', () => {
      expect(tiktokSource.verify(post(body, T, 'other'), secret, NOW)).toEqual({
        ok: false,
        reason: 'bad signature',
      });
      expect(tiktokSource.verify({ ...post(body), rawBody: `${body} ` }, secret, NOW)).toEqual({
        ok: false,
        reason: 'bad signature',
      });
      const signed = post(body).headers['tiktok-signature']!;
      const moved = signed.replace(`t=${T}`, `t=${T - 10}`);
      expect(
        tiktokSource.verify({ ...post(body), headers: { 'tiktok-signature': moved } }, secret, NOW),
      ).toEqual({
        ok: false,
        reason: 'bad signature',
      });
      expect(tiktokSource.verify({ ...post(body), headers: {} }, secret, NOW)).toEqual({
        ok: false,
        reason: 'missing signature',
      });
      expect(
        tiktokSource.verify({ ...post(body), headers: { 'tiktok-signature': `t=${T}` } }, secret, NOW),
      ).toEqual({
        ok: false,
        reason: 'missing signature',
      });
      expect(tiktokSource.verify(post(body, 'soon'), secret, NOW)).toEqual({
        ok: false,
        reason: 'bad timestamp',
      });
    });

    it('lets a signed but malformed JSON body through to the ingress’s JSON step (400)', () => {
      expect(tiktokSource.verify(post('{"event":'), secret, NOW).ok).toBe(true);
    });
  });

  describe('schema', () => {
    it('rejects a body missing TikTok’s fields, naming them', () => {
      const result = tiktokSource.schema.safeParse({ event: 'post.publish.complete', content: {} });
      expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual([
        'client_key',
        'create_time',
        'content',
      ]);
    });
  });

  describe('normalize', () => {
    it('reports post.publish.complete as published (no post id yet)', () => {
      expect(normalize(body)).toEqual([
        {
          name: 'publicationOutcomeReported',
          detail: {
            tool: 'tiktok',
            toolPostId: 'v_pub_url~v2-1.7345678901234567890',
            network: 'tiktok',
            status: 'published',
            at: '2026-03-02T10:00:00.000Z',
          },
        },
      ]);
    });

    it('reports post.publish.publicly_available as published with the post id', () => {
      expect(normalize(fixture('publicly-available'))).toEqual([
        {
          name: 'publicationOutcomeReported',
          detail: {
            tool: 'tiktok',
            toolPostId: 'v_pub_url~v2-1.7345678901234567890',
            network: 'tiktok',
            status: 'published',
            externalId: '7412345678901234567',
            at: '2026-03-02T10:01:12.000Z',
          },
        },
      ]);
    });

    it('reports post.publish.failed with TikTok’s reason', () => {
      expect(normalize(fixture('publish-failed'))).toEqual([
        {
          name: 'publicationOutcomeReported',
          detail: {
            tool: 'tiktok',
            toolPostId: 'v_pub_url~v2-1.7345678901234567891',
            network: 'tiktok',
            status: 'failed',
            reason: 'video_pull_failed',
            at: '2026-03-02T10:01:40.000Z',
          },
        },
      ]);
    });

    it('acknowledges other events and unreadable content without events', () => {
      expect(normalize(fixture('authorization-removed'))).toEqual([]);
      const garbled = JSON.parse(body);
      garbled.content = 'not json';
      expect(tiktokSource.normalize(tiktokSource.schema.parse(garbled))).toEqual([]);
    });
  });
});
