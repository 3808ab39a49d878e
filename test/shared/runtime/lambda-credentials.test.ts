import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultProvider } from '../../../shared/runtime/lambda-credentials.ts';

describe('the credential provider of the Lambda bundles', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('hands over the execution role’s credentials from the environment, as Lambda sets them', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'token');
    const credentials = await defaultProvider({})();
    expect(credentials).toMatchObject({
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    });
  });

  it('fails clearly without them', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
    await expect(defaultProvider({})()).rejects.toThrow(/environment variable credentials/);
  });
});
