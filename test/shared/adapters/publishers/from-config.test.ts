import { describe, expect, it } from 'vitest';
import {
  graphBaseUrl,
  publishersFromConfig,
  publishingQuotaFromConfig,
} from '../../../../shared/adapters/publishers/index.ts';
import { FixedSigningSecrets } from '../../../../shared/adapters/signing-secrets.ts';
import {
  ClientConfigError,
  loadClientConfig,
  parseClientConfig,
} from '../../../../shared/config/client-config.ts';

const example = loadClientConfig('clients/example.json');
const raw = JSON.parse(JSON.stringify(example)) as Record<string, unknown>;
const deps = { tokens: { get: async () => 'token' }, signingSecrets: new FixedSigningSecrets('whsec_x') };

function configWith(publishers: unknown, extra: Record<string, unknown> = {}) {
  return parseClientConfig({ ...raw, publishers, ...extra });
}

describe('publishers from the client configuration', () => {
  it('builds a webhook publisher or the native adapter per network, nothing for the others', () => {
    const config = configWith({
      instagram: { kind: 'native', dailyCap: 20 },
      facebook: { kind: 'native', apiVersion: 'v23.0' },
      tiktok: {
        kind: 'webhook',
        url: 'https://hooks.zapier.com/hooks/catch/1/abc',
        secretName: '/vigie/example/publisher',
      },
    });
    const publishers = publishersFromConfig(config, deps);
    expect(Object.keys(publishers).sort()).toEqual(['facebook', 'instagram', 'tiktok']);
    expect(publishers.tiktok!.network).toBe('tiktok');
    expect(config.publishers.tiktok).toMatchObject({ kind: 'webhook', verify: false });
  });

  it('sends Instagram to graph.instagram.com when its token comes from Instagram Login', () => {
    const config = configWith({ instagram: { kind: 'native', graphHost: 'graph.instagram.com' } });
    expect(config.publishers.instagram).toMatchObject({ graphHost: 'graph.instagram.com' });
    expect(graphBaseUrl(deps, 'graph.instagram.com')).toBe('https://graph.instagram.com');
    expect(graphBaseUrl({ ...deps, baseUrls: { graph: 'http://127.0.0.1:1' } }, 'graph.instagram.com')).toBe(
      'http://127.0.0.1:1',
    );
    expect(() => configWith({ instagram: { kind: 'native', graphHost: 'evil.example.com' } })).toThrow(
      /publishers\.instagram\.graphHost/,
    );
  });

  it('is empty when the configuration has no publishers', () => {
    expect(example.publishers).toEqual({});
    expect(publishersFromConfig(example, deps)).toEqual({});
  });

  it('refuses a native publisher for a network without one, naming the field', () => {
    expect(() => configWith({ tiktok: { kind: 'native' } })).toThrow(ClientConfigError);
    try {
      configWith({ tiktok: { kind: 'native' } });
    } catch (error) {
      expect((error as ClientConfigError).problems).toEqual([
        'publishers.tiktok.kind: no native publisher for tiktok (native: facebook, instagram, linkedin, x); use "webhook"',
      ]);
    }
  });

  it('refuses a native publisher without an account to post as', () => {
    expect(() => configWith({ x: { kind: 'native' } })).toThrow(
      'publishers.x: a native publisher needs accounts.x (accountId and tokenSecretName)',
    );
  });

  it('checks outbound webhooks: URL, secret name, publication.* events', () => {
    const config = configWith(
      {},
      {
        outboundWebhooks: [
          {
            url: 'https://n8n.maison.fr/webhook/vigie',
            secretName: '/vigie/example/outbound',
            events: ['publication.published'],
          },
        ],
      },
    );
    expect(config.outboundWebhooks).toHaveLength(1);
    expect(() =>
      configWith(
        {},
        { outboundWebhooks: [{ url: 'ftp://x', secretName: '/a', events: ['incident.opened'] }] },
      ),
    ).toThrow(/outboundWebhooks\.0\.url.*\n.*outboundWebhooks\.0\.events\.0: a publication\.\* event/s);
  });

  it('applies the daily cap of the configuration before sending', async () => {
    const config = configWith({ facebook: { kind: 'native', dailyCap: 2 } });
    const quota = publishingQuotaFromConfig(config, {
      ...deps,
      published: { countPublishedSince: async (network) => (network === 'facebook' ? 2 : 0) },
    });
    expect(await quota.check('facebook')).toMatchObject({
      ok: false,
      reason: 'facebook: 2 posts in the last 24 h, cap 2',
    });
    expect(await quota.check('x')).toEqual({ ok: true });
  });
});
