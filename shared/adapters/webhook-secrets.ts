import type { ClientConfig, WebhookSource } from '../config/client-config.ts';
import { readSecureString } from './parameter-store.ts';

/** Port: the signing secret (or URL token) of each webhook source. */
export interface WebhookSecrets {
  get(source: WebhookSource): Promise<string | undefined>;
}

/**
 * Parameter Store SecureStrings (`webhooks[].secretName`, see readSecureString): cached for 5
 * minutes, so rotation takes effect quickly.
 */
export class ParameterStoreWebhookSecrets implements WebhookSecrets {
  constructor(private readonly config: ClientConfig) {}

  async get(source: WebhookSource): Promise<string | undefined> {
    const hook = this.config.webhooks.find((candidate) => candidate.source === source);
    if (!hook) return undefined;
    return readSecureString(hook.secretName);
  }
}

/** Local stack: `VIGIE_SECRET_<SOURCE>` environment variables. */
export class EnvironmentWebhookSecrets implements WebhookSecrets {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async get(source: WebhookSource): Promise<string | undefined> {
    return this.env[`VIGIE_SECRET_${source.toUpperCase()}`];
  }
}
