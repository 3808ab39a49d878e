import type { ClientConfig, Network } from '../config/client-config.ts';
import type { SecureStrings } from './parameter-store.ts';
import { parametersAndSecretsExtension } from './parameters-and-secrets-extension.ts';

/** Port: the access token of the brand's account on a network (metrics pulls, native publishers). */
export interface NetworkTokens {
  get(network: Network): Promise<string | undefined>;
}

/**
 * Parameter Store SecureStrings (`accounts.<network>.tokenSecretName`, see SecureStrings): cached
 * for 5 minutes, so a reconnected account is picked up. A network the client file has no account
 * on has no token.
 */
export class ParameterStoreNetworkTokens implements NetworkTokens {
  /** In Lambda: through the Parameters and Secrets extension (configuration checked at init). */
  static throughExtension(config: ClientConfig): ParameterStoreNetworkTokens {
    return new ParameterStoreNetworkTokens(config, parametersAndSecretsExtension());
  }

  constructor(
    private readonly config: ClientConfig,
    private readonly parameters: SecureStrings,
  ) {}

  async get(network: Network): Promise<string | undefined> {
    const account = this.config.accounts[network];
    if (!account) return undefined;
    return this.parameters.parameter(account.tokenSecretName);
  }
}

/** Local stack: `VIGIE_TOKEN_<NETWORK>` environment variables. */
export class EnvironmentNetworkTokens implements NetworkTokens {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async get(network: Network): Promise<string | undefined> {
    return this.env[`VIGIE_TOKEN_${network.toUpperCase()}`];
  }
}
