import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { ClientConfig, Network } from '../config/client-config.ts';

/** Port: the access token of the brand's account on a network (metrics pulls, native publishers). */
export interface NetworkTokens {
  get(network: Network): Promise<string | undefined>;
}

/** Secrets Manager, through Powertools Parameters: cached for 5 minutes, so a reconnected account is picked up. */
export class SecretsManagerNetworkTokens implements NetworkTokens {
  constructor(private readonly config: ClientConfig) {}

  async get(network: Network): Promise<string | undefined> {
    const account = this.config.accounts[network];
    if (!account) return undefined;
    return (await getSecret<string>(account.tokenSecretName, { maxAge: 300 })) ?? undefined;
  }
}

/** Local stack: `VIGIE_TOKEN_<NETWORK>` environment variables. */
export class EnvironmentNetworkTokens implements NetworkTokens {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async get(network: Network): Promise<string | undefined> {
    return this.env[`VIGIE_TOKEN_${network.toUpperCase()}`];
  }
}
