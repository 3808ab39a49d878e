import { readSecureString } from './parameter-store.ts';

/**
 * Port: the Standard Webhooks signing secrets (`whsec_…`) of what Vigie sends out — the `webhook`
 * publishers (`publishers.<network>.secretName`) and the outbound lifecycle webhooks
 * (`outboundWebhooks[].secretName`) — looked up by their Parameter Store name.
 */
export interface SigningSecrets {
  get(secretName: string): Promise<string | undefined>;
}

/** Parameter Store SecureStrings (see readSecureString): cached for 5 minutes, so rotation takes effect quickly. */
export class ParameterStoreSigningSecrets implements SigningSecrets {
  async get(secretName: string): Promise<string | undefined> {
    return readSecureString(secretName);
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
