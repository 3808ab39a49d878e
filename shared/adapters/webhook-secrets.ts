import type { ClientConfig, WebhookSource } from '../config/client-config.ts';
import type { SecureStrings } from './parameter-store.ts';
import { parametersAndSecretsExtension } from './parameters-and-secrets-extension.ts';

/** Port: the signing secret (or URL token) of each webhook source. */
export interface WebhookSecrets {
  get(source: WebhookSource): Promise<string | undefined>;
}

/**
 * Parameter Store SecureStrings (`webhooks[].secretName`, see SecureStrings): cached for 5 minutes,
 * so rotation takes effect quickly. A source the client file does not configure has none.
 */
export class ParameterStoreWebhookSecrets implements WebhookSecrets {
  /** In Lambda: through the Parameters and Secrets extension (configuration checked at init). */
  static throughExtension(config: ClientConfig): ParameterStoreWebhookSecrets {
    return new ParameterStoreWebhookSecrets(config, parametersAndSecretsExtension());
  }

  constructor(
    private readonly config: ClientConfig,
    private readonly parameters: SecureStrings,
  ) {}

  async get(source: WebhookSource): Promise<string | undefined> {
    const hook = this.config.webhooks.find((candidate) => candidate.source === source);
    if (!hook) return undefined;
    return this.parameters.parameter(hook.secretName);
  }
}

/** Local stack: `VIGIE_SECRET_<SOURCE>` environment variables. */
export class EnvironmentWebhookSecrets implements WebhookSecrets {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async get(source: WebhookSource): Promise<string | undefined> {
    return this.env[`VIGIE_SECRET_${source.toUpperCase()}`];
  }
}
