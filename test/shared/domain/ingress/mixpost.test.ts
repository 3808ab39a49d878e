import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mixpostSource } from '../../../../shared/domain/ingress/sources/mixpost.ts';
import type { WebhookRequest } from '../../../../shared/domain/ingress/webhook.ts';

const secret = 'mixpost-webhook-secret-b71Xq';
const fixture = (name: string) => readFileSync(`test/fixtures/webhooks/mixpost/${name}.json`, 'utf8');
const body = fixture('post-published');
const NOW = new Date('2026-03-05T08:30:10Z');

function post(rawBody: string, key = secret): WebhookRequest {
  return {
    method: 'POST',
    headers: {
      'x-signature': createHmac('sha256', key).update(rawBody).digest('hex'),
      'content-type': 'application/json',
    },
    query: {},
    rawBody,
  };
}
const normalize = (raw: string) => mixpostSource.normalize(mixpostSource.schema.parse(JSON.parse(raw)));

describe('mixpost webhook source', () => {
  describe('signature', () => {
    it('accepts X-Signature = hex HMAC of the body; the delivery id is the body’s SHA-256, the same on a replay', () => {
      const first = mixpostSource.verify(post(body), secret, NOW);
      expect(first).toEqual({ ok: true, deliveryId: createHash('sha256').update(body).digest('hex') });
      expect(mixpostSource.verify(post(body), secret, NOW)).toEqual(first);
    });

    it('refuses a wrong secret, a tampered body and a missing header (a webhook without secret)', () => {
      expect(mixpostSource.verify(post(body, 'other'), secret, NOW)).toEqual({
        ok: false,
        reason: 'bad signature',
      });
      expect(
        mixpostSource.verify({ ...post(body), rawBody: body.replace('Lyon', 'Nice') }, secret, NOW),
      ).toEqual({
        ok: false,
        reason: 'bad signature',
      });
      expect(mixpostSource.verify({ ...post(body), headers: {} }, secret, NOW)).toEqual({
        ok: false,
        reason: 'missing signature',
      });
    });

    it('lets a signed but malformed JSON body through to the ingress’s JSON step (400)', () => {
      expect(mixpostSource.verify(post('{"event": "post.published", "data": '), secret, NOW).ok).toBe(true);
    });
  });

  describe('schema', () => {
    it('rejects a post without uuid or with an unreadable date, naming the fields', () => {
      const result = mixpostSource.schema.safeParse({
        event: 'post.published',
        data: { published_at: 'mardi', accounts: [{}] },
      });
      expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual([
        'data.uuid',
        'data.accounts.0.provider',
        'data.published_at',
      ]);
    });
  });

  describe('normalize', () => {
    it('reports a published post once per account of a known network, with its permalink', () => {
      expect(normalize(body)).toEqual([
        {
          name: 'publicationOutcomeReported',
          detail: {
            tool: 'mixpost',
            toolPostId: '9b6b3c1e-2f0a-4a4e-9d0e-5c1f2a3b4c5d',
            network: 'facebook',
            status: 'published',
            permalink: 'https://www.facebook.com/104893821123456_122133344455566',
            at: '2026-03-05T08:30:04.000Z',
          },
        },
        {
          name: 'publicationOutcomeReported',
          detail: {
            tool: 'mixpost',
            toolPostId: '9b6b3c1e-2f0a-4a4e-9d0e-5c1f2a3b4c5d',
            network: 'instagram',
            status: 'published',
            permalink: 'https://www.instagram.com/p/C5aBcDeFgHi/',
            at: '2026-03-05T08:30:04.000Z',
          },
        },
      ]);
    });

    it('in a failed post, reports the account with errors as failed and the one that went out as published', () => {
      expect(normalize(fixture('post-publishing-failed')).map((event) => event.detail)).toEqual([
        {
          tool: 'mixpost',
          toolPostId: 'c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f',
          network: 'facebook',
          status: 'failed',
          reason: 'Error validating access token: Session has expired on Thursday, 05-Mar-26 07:00:00 PST.',
          at: '2026-03-05T15:00:00.000Z',
        },
        {
          tool: 'mixpost',
          toolPostId: 'c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f',
          network: 'linkedin',
          status: 'published',
          permalink: 'https://www.linkedin.com/feed/update/urn:li:share:7171234567890123999',
          at: '2026-03-05T15:00:00.000Z',
        },
      ]);
    });

    it('reports post.scheduled as scheduled and ignores other events', () => {
      const scheduled = JSON.parse(body);
      scheduled.event = 'post.scheduled';
      scheduled.data.published_at = null;
      expect(
        mixpostSource.normalize(mixpostSource.schema.parse(scheduled)).map((event) => event.detail),
      ).toMatchObject([
        { status: 'scheduled', network: 'facebook', at: '2026-03-05T08:30:00.000Z' },
        { status: 'scheduled', network: 'instagram' },
      ]);
      const created = { ...JSON.parse(body), event: 'post.created' };
      expect(mixpostSource.normalize(mixpostSource.schema.parse(created))).toEqual([]);
    });
  });
});
