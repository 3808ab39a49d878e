import { describe, expect, it } from 'vitest';
import { accessCheckersFromConfig } from '../../../../shared/adapters/publishers/access.ts';
import { FixedSigningSecrets } from '../../../../shared/adapters/signing-secrets.ts';
import { loadClientConfig, parseClientConfig } from '../../../../shared/config/client-config.ts';
import { useStandIn } from './stand-in.ts';

const example = JSON.parse(JSON.stringify(loadClientConfig('clients/example.json')));
const config = parseClientConfig({
  ...example,
  accounts: {
    ...example.accounts,
    linkedin: { accountId: '2414183', tokenSecretName: '/vigie/example/tokens/linkedin' },
    x: { accountId: '2244994945', handle: '@maisonexemple', tokenSecretName: '/vigie/example/tokens/x' },
  },
  publishers: {
    instagram: { kind: 'native' },
    facebook: { kind: 'native' },
    linkedin: { kind: 'native' },
    x: { kind: 'native' },
    tiktok: { kind: 'webhook', url: 'https://hooks.zapier.com/x', secretName: '/vigie/example/publisher' },
  },
});

const standIn = useStandIn();

const checkers = (
  tokens: Partial<Record<string, string>> = { instagram: 'ig', facebook: 'fb', linkedin: 'li', x: 'x' },
) =>
  Object.fromEntries(
    accessCheckersFromConfig(config, {
      tokens: { get: async (network) => tokens[network] },
      signingSecrets: new FixedSigningSecrets(undefined),
      baseUrls: { graph: standIn.url, linkedin: standIn.url, x: standIn.url },
    }).map((checker) => [checker.network, checker]),
  );

describe('access checks of natively published accounts', () => {
  it('reads one cheap resource per network with the account’s token', async () => {
    standIn.on(() => ({ status: 200, body: { id: '1' } }));
    const all = checkers();
    expect(Object.keys(all).sort()).toEqual(['facebook', 'instagram', 'linkedin', 'x']);
    for (const checker of Object.values(all)) expect(await checker.checkAccess()).toEqual({ kind: 'valid' });
    expect(standIn.received.map((r) => `${r.method} ${r.path} ${r.headers.authorization}`).sort()).toEqual([
      'GET /2/users/me Bearer x',
      'GET /rest/posts Bearer li',
      'GET /v24.0/100000000000000 Bearer fb',
      'GET /v24.0/17841400000000000 Bearer ig',
    ]);
  });

  it('names the account to reconnect on Graph 190 or a 401, and cannot tell on a 5xx', async () => {
    standIn.on((r) =>
      r.path.startsWith('/v24.0/17841400000000000')
        ? {
            status: 400,
            body: {
              error: {
                code: 190,
                message: 'Error validating access token: The session has been invalidated',
              },
            },
          }
        : r.path === '/2/users/me'
          ? { status: 401, body: { title: 'Unauthorized' } }
          : { status: 503 },
    );
    const all = checkers();
    expect(await all.instagram!.checkAccess()).toEqual({
      kind: 'invalid',
      account: 'instagram account @maisonexemple (17841400000000000)',
      reason: 'Error validating access token: The session has been invalidated',
    });
    expect(await all.x!.checkAccess()).toMatchObject({
      kind: 'invalid',
      account: 'x account @maisonexemple (2244994945)',
    });
    expect((await all.linkedin!.checkAccess()).kind).toBe('cannot-tell');
  });

  it('reports an account without a token without calling anyone', async () => {
    expect(await checkers({}).facebook!.checkAccess()).toEqual({
      kind: 'invalid',
      account: 'facebook account 100000000000000',
      reason: 'no access token for this account',
    });
    expect(standIn.received).toHaveLength(0);
  });
});
