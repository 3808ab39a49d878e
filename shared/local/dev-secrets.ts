import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ClientConfig } from '../config/client-config.ts';

/**
 * Secrets of the local stack: `VIGIE_SECRET_<SOURCE>` when set; otherwise a development secret is
 * generated once per data folder (.vigie/secrets.json), so `vigie start` and `vigie send` agree
 * without any setup. Standard Webhooks secrets are `whsec_` + base64.
 */
export function ensureDevSecrets(
  config: ClientConfig,
  file: string,
  env: NodeJS.ProcessEnv,
): NodeJS.ProcessEnv {
  let stored: Record<string, string> = {};
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    // first run: nothing stored yet
  }
  const resolved: NodeJS.ProcessEnv = { ...env };
  let changed = false;
  for (const name of devSecretNames(config)) {
    if (resolved[name]) continue;
    if (!stored[name]) {
      stored[name] = generatedSecret(name);
      changed = true;
    }
    resolved[name] = stored[name];
  }
  if (changed) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
  return resolved;
}

/**
 * The local secrets: one per webhook source, the key that signs the links in emails, the read API's
 * key, and the signing secrets of the webhook publishers and of the outbound webhooks when configured.
 */
export function devSecretNames(config: ClientConfig): string[] {
  return [
    ...config.webhooks.map((hook) => `VIGIE_SECRET_${hook.source.toUpperCase()}`),
    'VIGIE_SECRET_LINKS',
    'VIGIE_API_KEY',
    ...(Object.values(config.publishers).some((publisher) => publisher?.kind === 'webhook')
      ? ['VIGIE_SECRET_PUBLISHER']
      : []),
    ...(config.outboundWebhooks.length ? ['VIGIE_SECRET_OUTBOUND'] : []),
  ];
}

/** A development secret in the format its source expects. */
function generatedSecret(name: string): string {
  if (['VIGIE_SECRET_STANDARD', 'VIGIE_SECRET_PUBLISHER', 'VIGIE_SECRET_OUTBOUND'].includes(name))
    return `whsec_${randomBytes(24).toString('base64')}`;
  if (name === 'VIGIE_SECRET_META') {
    return JSON.stringify({
      appSecret: randomBytes(16).toString('hex'),
      verifyToken: randomBytes(8).toString('hex'),
    });
  }
  return randomBytes(24).toString('hex');
}
