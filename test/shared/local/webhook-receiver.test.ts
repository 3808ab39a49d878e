import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookPublisher } from '../../../shared/adapters/publishers/webhook.ts';
import { FixedSigningSecrets } from '../../../shared/adapters/signing-secrets.ts';
import type { PublishRequest } from '../../../shared/domain/publishing/publisher.ts';
import { sendWithRetries } from '../../../shared/domain/publishing/send.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../../shared/local/webhook-receiver.ts';

const SECRET = `whsec_${Buffer.from('reference receiver secret 32 b!!').toString('base64')}`;
const request: PublishRequest = {
  publicationId: 'pub-r',
  network: 'tiktok',
  text: 'Danse',
  media: [{ url: 'https://cdn.example.com/v.mp4', kind: 'video' }],
  links: [],
  idempotencyKey: 'pub-r:tiktok:1',
  attempt: 1,
};

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver({ publisherSecret: SECRET });
});
afterAll(() => receiver.close());

const publisher = (secret = SECRET, verify = true) =>
  webhookPublisher({
    network: 'tiktok',
    url: `${receiver.url}/publish`,
    secretName: '/vigie/example/publisher',
    secrets: new FixedSigningSecrets(secret),
    verify,
  });

describe('the reference webhook receiver with the webhook publisher', () => {
  it('posts once per idempotency key, however often the send is retried', async () => {
    const first = await sendWithRetries(request, publisher());
    const again = await publisher().publish({ ...request, attempt: 2 });
    expect(first.outcome).toMatchObject({ kind: 'published', externalId: 'local-1' });
    expect(again).toMatchObject({ kind: 'published', externalId: 'local-1' });
    expect(receiver.posts).toHaveLength(1);
    expect(receiver.posts[0]!.body).toMatchObject({ type: 'publication.publish', data: { text: 'Danse' } });
  });

  it('answers the verify convention', async () => {
    expect(await publisher().verify(request)).toMatchObject({ kind: 'found', externalId: 'local-1' });
    expect(await publisher().verify({ ...request, idempotencyKey: 'pub-r:tiktok:2' })).toEqual({
      kind: 'absent',
    });
  });

  it('refuses a delivery signed with another secret (401 → the team fixes the secret)', async () => {
    const other = `whsec_${Buffer.from('another secret of thirty-two b!!').toString('base64')}`;
    expect(await publisher(other).publish(request)).toMatchObject({ kind: 'unauthorized' });
    expect(receiver.posts).toHaveLength(1);
  });
});
