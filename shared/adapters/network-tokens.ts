import type { ClientConfig, Network } from '../config/client-config.ts';
import { readSecureString } from './parameter-store.ts';

/** Port: the access token of the brand's account on a network (metrics pulls, native publishers). */
export interface NetworkTokens {
  get(network: Network): Promise<string | undefined>;
}

/**
 * Parameter Store SecureStrings (`accounts.<network>.tokenSecretName`, see readSecureString): cached
 * for 5 minutes, so a reconnected account is picked up.
 */
export class ParameterStoreNetworkTokens implements NetworkTokens {
  constructor(private readonly config: ClientConfig) {}

  async get(network: Network): Promise<string | undefined> {
    const account = this.config.accounts[network];
    if (!account) return undefined;
    return readSecureString(account.tokenSecretName);
  }
}

/** Local stack: `VIGIE_TOKEN_<NETWORK>` environment variables. */
export class EnvironmentNetworkTokens implements NetworkTokens {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async get(network: Network): Promise<string | undefined> {
    return this.env[`VIGIE_TOKEN_${network.toUpperCase()}`];
  }
}
