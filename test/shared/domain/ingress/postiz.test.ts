import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { postizSource } from '../../../../shared/domain/ingress/sources/postiz.ts';
import type { WebhookRequest } from '../../../../shared/domain/ingress/webhook.ts';

const secret = 'pz_Ue8sK2wQ9rT4yH6jL1mN3bV5';
const body = readFileSync('test/fixtures/webhooks/postiz/posts.json', 'utf8');
const NOW = new Date('2026-03-05T08:31:00Z');

const post = (rawBody: string, query: Record<string, string> = { token: secret }): WebhookRequest => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  query,
  rawBody,
});

describe('postiz webhook source (unsigned: URL token)', () => {
  describe('token', () => {
    it('accepts the right token; the delivery id is the body’s SHA-256, the same on a replay', () => {
      const first = postizSource.verify(post(body), secret, NOW);
      expect(first).toEqual({ ok: true, deliveryId: createHash('sha256').update(body).digest('hex') });
      expect(postizSource.verify(post(body), secret, NOW)).toEqual(first);
    });

    it('refuses a wrong, truncated or missing token, and any token when the secret is empty', () => {
      expect(postizSource.verify(post(body, { token: 'pz_guess' }), secret, NOW)).toEqual({
        ok: false,
        reason: 'bad token',
      });
      expect(postizSource.verify(post(body, { token: secret.slice(1) }), secret, NOW).ok).toBe(false);
      expect(postizSource.verify(post(body, {}), secret, NOW)).toEqual({
        ok: false,
        reason: 'missing token',
      });
      expect(postizSource.verify(post(body, { token: 'x' }), '', NOW).ok).toBe(false);
    });

    it('lets a malformed body with the right token through to the ingress’s JSON step (400)', () => {
      expect(postizSource.verify(post('[{"id": '), secret, NOW).ok).toBe(true);
    });
  });

  describe('schema', () => {
    it('rejects posts without state, date or provider, naming the fields', () => {
      const result = postizSource.schema.safeParse([{ id: 'cm1', publishDate: 'demain', integration: {} }]);
      expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual([
        '0.state',
        '0.publishDate',
        '0.integration.providerIdentifier',
      ]);
      expect(postizSource.schema.safeParse({ id: 'cm1' }).success).toBe(false);
    });
  });

  describe('normalize', () => {
    it('reports PUBLISHED, ERROR and QUEUE; drafts and unknown providers (threads) are skipped', () => {
      expect(postizSource.normalize(postizSource.schema.parse(JSON.parse(body)))).toEqual([
        {
          name: 'publicationOutcomeReported',
          detail: {
            tool: 'postiz',
            toolPostId: 'cm7a1b2c3d4e5f6g7h8i9j0k',
            network: 'linkedin',
            status: 'published',
            permalink: 'https://www.linkedin.com/feed/update/urn:li:share:7171234567890123456',
            at: '2026-03-05T08:30:00.000Z',
          },
        },
        {
          name: 'publicationOutcomeReported',
          detail: {
            tool: 'postiz',
            toolPostId: 'cm7a1b2c3d4e5f6g7h8i9j0l',
            network: 'x',
            status: 'failed',
            reason: 'publishing failed',
            at: '2026-03-05T08:30:00.000Z',
          },
        },
        {
          name: 'publicationOutcomeReported',
          detail: {
            tool: 'postiz',
            toolPostId: 'cm7a1b2c3d4e5f6g7h8i9j0m',
            network: 'instagram',
            status: 'scheduled',
            at: '2026-03-07T09:00:00.000Z',
          },
        },
      ]);
    });

    it('carries the error text when a version sends one', () => {
      const [, failed] = JSON.parse(body);
      failed.error = 'Token expired, reconnect X';
      expect(postizSource.normalize(postizSource.schema.parse([failed]))[0]!.detail).toMatchObject({
        status: 'failed',
        reason: 'Token expired, reconnect X',
      });
    });
  });
});
