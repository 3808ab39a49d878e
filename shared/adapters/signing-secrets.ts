import type { SecureStrings } from './parameter-store.ts';
import { parametersAndSecretsExtension } from './parameters-and-secrets-extension.ts';

/**
 * Port: the Standard Webhooks signing secrets (`whsec_…`) of what Vigie sends out — the `webhook`
 * publishers (`publishers.<network>.secretName`) and the outbound lifecycle webhooks
 * (`outboundWebhooks[].secretName`) — looked up by their Parameter Store name.
 */
export interface SigningSecrets {
  get(secretName: string): Promise<string | undefined>;
}

/** Parameter Store SecureStrings (see SecureStrings): cached for 5 minutes, so rotation takes effect quickly. */
export class ParameterStoreSigningSecrets implements SigningSecrets {
  /** In Lambda: through the Parameters and Secrets extension (configuration checked at init). */
  static throughExtension(): ParameterStoreSigningSecrets {
    return new ParameterStoreSigningSecrets(parametersAndSecretsExtension());
  }

  constructor(private readonly parameters: SecureStrings) {}

  async get(secretName: string): Promise<string | undefined> {
    return this.parameters.parameter(secretName);
  }
}

/**
 * Local stack: one secret for every name, from an environment variable (`VIGIE_SECRET_PUBLISHER`
 * for the webhook publishers, `VIGIE_SECRET_OUTBOUND` for the outbound webhooks).
 */
export class FixedSigningSecrets implements SigningSecrets {
  constructor(private readonly secret: string | undefined) {}

  async get(): Promise<string | undefined> {
    return this.secret;
  }
}
