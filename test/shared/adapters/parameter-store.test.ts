import { DEFAULT_PROVIDERS } from '@aws-lambda-powertools/parameters/base';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { type GetParameterCommandInput, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ParameterStoreNetworkTokens } from '../../../shared/adapters/network-tokens.ts';
import { ParameterStoreSigningSecrets } from '../../../shared/adapters/signing-secrets.ts';
import { ParameterStoreWebhookSecrets } from '../../../shared/adapters/webhook-secrets.ts';
import { loadClientConfig } from '../../../shared/config/client-config.ts';

const config = loadClientConfig('clients/example.json');
const stored: Record<string, string> = {
  '/vigie/example/webhooks/standard': 'whsec_standard',
  '/vigie/example/tokens/instagram': 'IGQ-token',
  '/vigie/example/outbound': 'whsec_outbound',
};

/**
 * Parameter Store has no local stand-in: a real SSM client whose calls a middleware answers before
 * they are signed or sent, installed where Powertools' `getParameter` takes its provider from.
 */
let calls: GetParameterCommandInput[];
beforeEach(() => {
  calls = [];
  const client = new SSMClient({
    region: 'eu-west-3',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  client.middlewareStack.add(
    () => async (args) => {
      const input = args.input as GetParameterCommandInput;
      calls.push(input);
      const value = stored[input.Name ?? ''];
      if (value === undefined) throw new ParameterNotFound({ message: 'not found', $metadata: {} });
      return {
        output: {
          $metadata: {},
          Parameter: { Name: input.Name, Type: 'SecureString' as const, Value: value },
        },
        response: {},
      };
    },
    { step: 'initialize', name: 'parameterStoreStub' },
  );
  DEFAULT_PROVIDERS.ssm = new SSMProvider({ awsSdkV3Client: client });
});
afterEach(() => {
  delete DEFAULT_PROVIDERS.ssm;
});

describe('secrets from Parameter Store', () => {
  it('reads a webhook source’s secret under the name the client file gives, decrypted', async () => {
    const secrets = new ParameterStoreWebhookSecrets(config);
    expect(await secrets.get('standard')).toBe('whsec_standard');
    expect(calls).toEqual([{ Name: '/vigie/example/webhooks/standard', WithDecryption: true }]);
  });

  it('keeps a value for 5 minutes: a second read in a warm instance makes no call', async () => {
    const secrets = new ParameterStoreWebhookSecrets(config);
    expect([await secrets.get('standard'), await secrets.get('standard')]).toEqual([
      'whsec_standard',
      'whsec_standard',
    ]);
    expect(calls).toHaveLength(1);
  });

  it('asks nothing for a source or network the client file does not configure', async () => {
    expect(await new ParameterStoreWebhookSecrets(config).get('tiktok')).toBeUndefined();
    expect(await new ParameterStoreNetworkTokens(config).get('linkedin')).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('reads a network account’s token under accounts.<network>.tokenSecretName', async () => {
    expect(await new ParameterStoreNetworkTokens(config).get('instagram')).toBe('IGQ-token');
    expect(calls).toEqual([{ Name: '/vigie/example/tokens/instagram', WithDecryption: true }]);
  });

  it('reads a signing secret by its name', async () => {
    expect(await new ParameterStoreSigningSecrets().get('/vigie/example/outbound')).toBe('whsec_outbound');
    expect(calls).toEqual([{ Name: '/vigie/example/outbound', WithDecryption: true }]);
  });

  it('fails loudly on a parameter nobody created (the invocation fails and is retried)', async () => {
    await expect(new ParameterStoreNetworkTokens(config).get('facebook')).rejects.toThrow(/not found/);
    expect(calls.map((call) => call.Name)).toEqual(['/vigie/example/tokens/facebook']);
  });
});
