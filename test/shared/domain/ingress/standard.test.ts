import { readFileSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { standardWebhookHeaders } from '../../../../shared/cli/commands/send.ts';
import { standardSource } from '../../../../shared/domain/ingress/sources/standard.ts';
import type { WebhookRequest } from '../../../../shared/domain/ingress/webhook.ts';

const secret = `whsec_${Buffer.from('standard-webhooks-fixture-secret').toString('base64')}`;
const fixture = (name: string) => readFileSync(`test/fixtures/webhooks/standard/${name}.json`, 'utf8');

function delivery(id: string, body: string, at = new Date(), key = secret): WebhookRequest {
  return {
    method: 'POST',
    headers: standardWebhookHeaders(new Webhook(key), id, body, at),
    query: {},
    rawBody: body,
  };
}

describe('standard webhook source', () => {
  const body = fixture('mention-from-listening-tool');

  it('verifies the signature and uses webhook-id as the delivery id (a retry has the same)', () => {
    expect(standardSource.verify(delivery('msg_1', body), secret, new Date())).toEqual({
      ok: true,
      deliveryId: 'msg_1',
    });
  });

  it('accepts several signatures, for key rotation', () => {
    const request = delivery('msg_2', body);
    const old = `whsec_${Buffer.from('the-previous-secret-of-32-bytes!').toString('base64')}`;
    const rotated = {
      ...request,
      headers: {
        ...request.headers,
        'webhook-signature': `${delivery('msg_2', body, new Date(), old).headers['webhook-signature']} ${request.headers['webhook-signature']}`,
      },
    };
    expect(standardSource.verify(rotated, secret, new Date()).ok).toBe(true);
  });

  it('refuses a wrong secret, a tampered body, a stale timestamp and a missing id', () => {
    const other = `whsec_${Buffer.from('another-secret-entirely-32-bytes').toString('base64')}`;
    expect(standardSource.verify(delivery('msg_3', body, new Date(), other), secret, new Date()).ok).toBe(
      false,
    );
    expect(
      standardSource.verify(
        { ...delivery('msg_3', body), rawBody: body.replace('boycott', 'love') },
        secret,
        new Date(),
      ).ok,
    ).toBe(false);
    expect(
      standardSource.verify(delivery('msg_3', body, new Date(Date.now() - 10 * 60_000)), secret, new Date())
        .ok,
    ).toBe(false);
    const request = delivery('msg_3', body);
    const { 'webhook-id': _, ...withoutId } = request.headers;
    expect(standardSource.verify({ ...request, headers: withoutId }, secret, new Date())).toEqual({
      ok: false,
      reason: 'missing webhook-id',
    });
  });

  it('normalizes Vigie’s own types, the upstream sentiment kept', () => {
    expect(standardSource.normalize(standardSource.schema.parse(JSON.parse(body)))).toEqual([
      { name: 'mentionReceived', detail: JSON.parse(body).data },
    ]);
    expect(
      standardSource.normalize(standardSource.schema.parse(JSON.parse(fixture('publication-cancelled'))))[0]!
        .name,
    ).toBe('publicationCancelled');
  });

  it('names the field and the reason of a schema error', () => {
    const result = standardSource.schema.safeParse({
      type: 'mention',
      timestamp: 'now',
      data: { id: 'x', network: 'myspace' },
    });
    expect(result.error!.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'data.at',
      'data.network',
      'data.text',
      'timestamp',
    ]);
    expect(
      standardSource.schema.safeParse({ type: 'poll', timestamp: '2026-03-02T10:00:00Z', data: {} }).success,
    ).toBe(false);
  });
});
