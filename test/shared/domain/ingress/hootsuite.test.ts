import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hootsuiteSource } from '../../../../shared/domain/ingress/sources/hootsuite.ts';
import type { WebhookRequest } from '../../../../shared/domain/ingress/webhook.ts';

const secret = 'hs_7Yq2mN4pR8sT1vW3xZ5bC9dF';
const fixture = (name: string) => readFileSync(`test/fixtures/webhooks/hootsuite/${name}.json`, 'utf8');
const body = fixture('events');
const NOW = new Date('2026-03-05T08:32:10Z');

const post = (rawBody: string, query: Record<string, string> = { token: secret }): WebhookRequest => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  query,
  rawBody,
});
const normalize = (raw: string) => hootsuiteSource.normalize(hootsuiteSource.schema.parse(JSON.parse(raw)));

describe('hootsuite webhook source (unsigned: URL token)', () => {
  describe('token', () => {
    it('accepts the right token; the delivery id is the batch’s seq_nos, sorted numerically', () => {
      expect(hootsuiteSource.verify(post(body), secret, NOW)).toEqual({
        ok: true,
        deliveryId: '1772699402118000001,1772699402118000002,1772699402118000003,1772699402118000004',
      });
      const reordered = JSON.stringify([
        { seq_no: '1044', type: 't' },
        { seq_no: '999', type: 't' },
      ]);
      expect(hootsuiteSource.verify(post(reordered), secret, NOW)).toEqual({
        ok: true,
        deliveryId: '999,1044',
      });
    });

    it('gives a retried batch the same delivery id', () => {
      const first = hootsuiteSource.verify(post(body), secret, NOW);
      expect(hootsuiteSource.verify(post(body), secret, new Date(NOW.getTime() + 300_000))).toEqual(first);
    });

    it('refuses a wrong or missing token (a signature header is no substitute)', () => {
      expect(hootsuiteSource.verify(post(body, { token: 'hs_guess' }), secret, NOW)).toEqual({
        ok: false,
        reason: 'bad token',
      });
      expect(hootsuiteSource.verify(post(body, {}), secret, NOW)).toEqual({
        ok: false,
        reason: 'missing token',
      });
      expect(hootsuiteSource.verify(post(body, { token: secret.slice(0, -1) }), secret, NOW).ok).toBe(false);
    });

    it('names a malformed body by its SHA-256 (the ingress then answers 400)', () => {
      expect(hootsuiteSource.verify(post('[{"seq_no": '), secret, NOW)).toEqual({
        ok: true,
        deliveryId: createHash('sha256').update('[{"seq_no": ').digest('hex'),
      });
    });
  });

  describe('schema', () => {
    it('accepts a ping (Hootsuite disables a URL that does not answer 2xx)', () => {
      expect(hootsuiteSource.schema.safeParse(JSON.parse(fixture('ping'))).success).toBe(true);
      expect(normalize(fixture('ping'))).toEqual([]);
    });

    it('rejects a message event without state, message id or timestamp, naming the fields', () => {
      const result = hootsuiteSource.schema.safeParse([
        { seq_no: '1', type: 'com.hootsuite.messages.event.v1', data: { message: {} } },
        {
          seq_no: '2',
          type: 'com.hootsuite.messages.event.v1',
          data: { state: 'SENT', message: { id: '9' } },
        },
        { type: 'com.hootsuite.ping.event.v1' },
      ]);
      expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual([
        '0.data.state',
        '0.data.message.id',
        '1.data.timestamp',
        '2.seq_no',
      ]);
      expect(hootsuiteSource.schema.safeParse([]).success).toBe(false);
    });
  });

  describe('normalize', () => {
    it('maps SENT, SEND_FAILED_PERMANENTLY and PENDING_APPROVAL; APPROVED is ignored', () => {
      expect(normalize(body)).toEqual([
        {
          name: 'publicationOutcomeReported',
          detail: {
            tool: 'hootsuite',
            toolPostId: '7239115502',
            status: 'published',
            at: '2026-03-05T08:30:02.118Z',
          },
        },
        {
          name: 'publicationOutcomeReported',
          detail: {
            tool: 'hootsuite',
            toolPostId: '7239115503',
            status: 'failed',
            reason: 'SEND_FAILED_PERMANENTLY',
            at: '2026-03-05T08:31:10.402Z',
          },
        },
        {
          name: 'publicationOutcomeReported',
          detail: {
            tool: 'hootsuite',
            toolPostId: '7239115505',
            status: 'pending_approval',
            at: '2026-03-05T08:32:05.550Z',
          },
        },
      ]);
    });

    it('maps SCHEDULED, and reads the social profile, post id and URL when a message carries them', () => {
      const enriched = [
        {
          seq_no: '1772699402118000009',
          type: 'com.hootsuite.messages.event.v1',
          timestamp: '2026-03-05T09:00:00Z',
          data: {
            state: 'SCHEDULED',
            message: {
              id: '7239115510',
              socialProfile: { id: '139000001', type: 'LINKEDINCOMPANY' },
              postId: 'urn:li:share:7170012345678901234',
              postUrl: 'https://www.linkedin.com/feed/update/urn:li:share:7170012345678901234',
            },
          },
        },
      ];
      expect(normalize(JSON.stringify(enriched))[0]!.detail).toEqual({
        tool: 'hootsuite',
        toolPostId: '7239115510',
        network: 'linkedin',
        status: 'scheduled',
        externalId: 'urn:li:share:7170012345678901234',
        permalink: 'https://www.linkedin.com/feed/update/urn:li:share:7170012345678901234',
        at: '2026-03-05T09:00:00.000Z',
      });
    });
  });
});
