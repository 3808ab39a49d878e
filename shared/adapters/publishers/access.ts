import type { ClientConfig, Network } from '../../config/client-config.ts';
import {
  accountLabel,
  DEFAULT_GRAPH_API_VERSION,
  graphErrorOf,
  isTokenError,
  type NativeAccount,
  nativeAccount,
} from './graph.ts';
import { type Exchange, exchange } from './http.ts';
import { graphBaseUrl, type PublisherDeps } from './index.ts';
import { authorUrn, DEFAULT_LINKEDIN_VERSION } from './linkedin.ts';

/**
 * Is the token of a natively published account still good? One cheap read per network, so that an
 * expired or revoked token is found — and the team told which account to reconnect — before the
 * next slot rather than at it.
 */
export type AccessCheck =
  | { kind: 'valid' }
  | { kind: 'invalid'; account: string; reason: string }
  | { kind: 'cannot-tell'; reason: string };

export interface AccessChecker {
  readonly network: Network;
  checkAccess(): Promise<AccessCheck>;
}

type Probe = (token: string, account: NativeAccount) => Promise<Exchange>;

function checker(network: Network, account: NativeAccount, deps: PublisherDeps, probe: Probe): AccessChecker {
  const label = accountLabel(network, account);
  return {
    network,
    async checkAccess() {
      const token = await deps.tokens.get(network);
      if (!token) return { kind: 'invalid', account: label, reason: 'no access token for this account' };
      const result = await probe(token, account);
      if (result.kind !== 'answered') return { kind: 'cannot-tell', reason: result.reason };
      if (result.status >= 200 && result.status < 300) return { kind: 'valid' };
      const graphError = graphErrorOf(result.body);
      const tokenProblem =
        graphError?.code !== undefined
          ? isTokenError(graphError.code)
          : result.status === 401 || result.status === 403;
      if (tokenProblem) {
        return {
          kind: 'invalid',
          account: label,
          reason: graphError?.message ?? `answered ${result.status}`,
        };
      }
      return { kind: 'cannot-tell', reason: `answered ${result.status}` };
    },
  };
}

/** A checker for every network published natively. */
export function accessCheckersFromConfig(config: ClientConfig, deps: PublisherDeps): AccessChecker[] {
  const get = (url: string, headers: Record<string, string>) =>
    exchange(url, { method: 'GET', headers }, deps);
  const checkers: AccessChecker[] = [];
  for (const [network, entry] of Object.entries(config.publishers) as [
    Network,
    ClientConfig['publishers'][Network],
  ][]) {
    if (entry?.kind !== 'native') continue;
    const account = nativeAccount(config, network);
    const graphHost = (graphBaseUrl(deps, entry.graphHost) ?? 'https://graph.facebook.com').replace(
      /\/$/,
      '',
    );
    const graph = `${graphHost}/${entry.apiVersion ?? DEFAULT_GRAPH_API_VERSION}`;
    switch (network) {
      case 'facebook':
      case 'instagram':
        checkers.push(
          checker(network, account, deps, (token, { accountId }) =>
            get(`${graph}/${accountId}?fields=id`, { authorization: `Bearer ${token}` }),
          ),
        );
        break;
      case 'linkedin': {
        const base = (deps.baseUrls?.linkedin ?? 'https://api.linkedin.com').replace(/\/$/, '');
        checkers.push(
          checker(network, account, deps, (token, { accountId }) =>
            get(
              `${base}/rest/posts?${new URLSearchParams({ q: 'author', author: authorUrn(accountId), count: '1' })}`,
              {
                authorization: `Bearer ${token}`,
                'linkedin-version': entry.apiVersion ?? DEFAULT_LINKEDIN_VERSION,
                'x-restli-protocol-version': '2.0.0',
                'x-restli-method': 'FINDER',
              },
            ),
          ),
        );
        break;
      }
      case 'x': {
        const base = (deps.baseUrls?.x ?? 'https://api.x.com').replace(/\/$/, '');
        checkers.push(
          checker(network, account, deps, (token) =>
            get(`${base}/2/users/me`, { authorization: `Bearer ${token}` }),
          ),
        );
        break;
      }
    }
  }
  return checkers;
}
