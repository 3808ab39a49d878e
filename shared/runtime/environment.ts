import { type ClientConfig, parseClientConfig } from '../config/client-config.ts';

export { requiredEnv } from './required-env.ts';

/**
 * The client configuration, validated at init. In AWS it is inlined in the bundle at synth time
 * (esbuild `define` of VIGIE_CLIENT_CONFIG), so it has no size limit and needs no call at cold start.
 */
export function clientConfigFromEnvironment(): ClientConfig {
  // A literal `process.env.X` so that esbuild's `define` can replace it at bundle time.
  const inlined = process.env.VIGIE_CLIENT_CONFIG;
  if (!inlined)
    throw new Error('VIGIE_CLIENT_CONFIG is required (inlined at synth, or set in the environment)');
  return parseClientConfig(JSON.parse(inlined), 'VIGIE_CLIENT_CONFIG');
}
