import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ParameterStoreNetworkTokens } from '../../../shared/adapters/network-tokens.ts';
import {
  parametersAndSecretsExtension,
  SecretNotConfiguredError,
} from '../../../shared/adapters/parameters-and-secrets-extension.ts';
import { ParameterStoreSigningSecrets } from '../../../shared/adapters/signing-secrets.ts';
import { ParameterStoreWebhookSecrets } from '../../../shared/adapters/webhook-secrets.ts';
import { loadClientConfig } from '../../../shared/config/client-config.ts';

const config = loadClientConfig('clients/example.json');
const SESSION_TOKEN = 'session-token-of-this-environment';
/** A parameter the stand-in fails to fetch, as the extension does when Parameter Store fails. */
const SERVICE_DOWN = '/vigie/example/service-down';
const LINK_KEY_ARN = 'arn:aws:secretsmanager:eu-west-3:111111111111:secret:LinkSigningKey-AbCdEf';

interface Request {
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
}

/**
 * The Parameters and Secrets extension on a loopback port: answers GetParameter and GetSecretValue
 * from what it holds, as the layer does (the services' JSON), refuses a request without the
 * session token, and answers `missingStatus` for a name it does not hold.
 */
function startExtensionStandIn(requests: Request[], standIn: { missingStatus: number }): Promise<Server> {
  const parameters: Record<string, string> = {
    '/vigie/example/webhooks/standard': 'whsec_standard',
    '/vigie/example/tokens/instagram': 'IGQ-token',
    '/vigie/example/outbound': 'whsec_outbound',
  };
  const secrets: Record<string, string> = { [LINK_KEY_ARN]: 'link-signing-key' };
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const query = Object.fromEntries(url.searchParams);
    requests.push({ path: url.pathname, query, headers: request.headers });
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (request.headers['x-aws-parameters-secrets-token'] !== SESSION_TOKEN)
      return answer(401, 'unauthorized');
    if (url.pathname === '/systemsmanager/parameters/get') {
      if (query.name === SERVICE_DOWN) return answer(502, 'BadGateway: the service failed');
      const value = parameters[query.name ?? ''];
      if (value === undefined) return answer(standIn.missingStatus, 'ParameterNotFound: not found');
      return answer(200, {
        Parameter: { Name: query.name, Type: 'SecureString', Value: value, Version: 1, DataType: 'text' },
        ResultMetadata: {},
      });
    }
    if (url.pathname === '/secretsmanager/get') {
      const value = secrets[query.secretId ?? ''];
      if (value === undefined) return answer(standIn.missingStatus, 'ResourceNotFoundException: not found');
      return answer(200, { ARN: query.secretId, Name: 'LinkSigningKey', SecretString: value });
    }
    answer(404, 'no such route');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const requests: Request[] = [];
const standIn = { missingStatus: 400 };
let server: Server;
beforeAll(async () => {
  server = await startExtensionStandIn(requests, standIn);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  requests.length = 0;
  standIn.missingStatus = 400;
  vi.stubEnv('PARAMETERS_SECRETS_EXTENSION_HTTP_PORT', String((server.address() as AddressInfo).port));
  vi.stubEnv('AWS_SESSION_TOKEN', SESSION_TOKEN);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('secrets from Parameter Store, through the Parameters and Secrets extension', () => {
  it('reads a webhook source’s secret under the name the client file gives, decrypted, with the session token', async () => {
    expect(await ParameterStoreWebhookSecrets.throughExtension(config).get('standard')).toBe(
      'whsec_standard',
    );
    expect(requests).toEqual([
      {
        path: '/systemsmanager/parameters/get',
        query: { name: '/vigie/example/webhooks/standard', withDecryption: 'true' },
        headers: expect.objectContaining({ 'x-aws-parameters-secrets-token': SESSION_TOKEN }),
      },
    ]);
  });

  it('asks the extension each time: its cache (5 minutes) is the only one, so a second read is one more loopback request', async () => {
    const secrets = ParameterStoreWebhookSecrets.throughExtension(config);
    expect([await secrets.get('standard'), await secrets.get('standard')]).toEqual([
      'whsec_standard',
      'whsec_standard',
    ]);
    expect(requests.map((request) => request.query.name)).toEqual([
      '/vigie/example/webhooks/standard',
      '/vigie/example/webhooks/standard',
    ]);
  });

  it('asks nothing for a source or network the client file does not configure', async () => {
    expect(await ParameterStoreWebhookSecrets.throughExtension(config).get('tiktok')).toBeUndefined();
    expect(await ParameterStoreNetworkTokens.throughExtension(config).get('linkedin')).toBeUndefined();
    expect(requests).toEqual([]);
  });

  it('reads a network account’s token under accounts.<network>.tokenSecretName', async () => {
    expect(await ParameterStoreNetworkTokens.throughExtension(config).get('instagram')).toBe('IGQ-token');
    expect(requests.map((request) => request.query)).toEqual([
      { name: '/vigie/example/tokens/instagram', withDecryption: 'true' },
    ]);
  });

  it('reads a signing secret by its name', async () => {
    expect(await ParameterStoreSigningSecrets.throughExtension().get('/vigie/example/outbound')).toBe(
      'whsec_outbound',
    );
    expect(requests.map((request) => request.query.name)).toEqual(['/vigie/example/outbound']);
  });

  it.each([400, 404])(
    'fails loudly, naming it, on a parameter nobody created (extension answers %i): the invocation fails and is retried',
    async (status) => {
      standIn.missingStatus = status;
      const read = ParameterStoreNetworkTokens.throughExtension(config).get('facebook');
      await expect(read).rejects.toBeInstanceOf(SecretNotConfiguredError);
      await expect(read).rejects.toThrow(
        `parameter /vigie/example/tokens/facebook is not configured (missing, or not readable by this function's role): the Parameters and Secrets extension answered ${status}: ParameterNotFound: not found`,
      );
    },
  );
});

describe('secrets from Secrets Manager, through the Parameters and Secrets extension', () => {
  it('reads the SecretString of a secret by its ARN, with the session token', async () => {
    expect(await parametersAndSecretsExtension().secret(LINK_KEY_ARN)).toBe('link-signing-key');
    expect(requests).toEqual([
      {
        path: '/secretsmanager/get',
        query: { secretId: LINK_KEY_ARN },
        headers: expect.objectContaining({ 'x-aws-parameters-secrets-token': SESSION_TOKEN }),
      },
    ]);
  });

  it('names a secret that does not exist', async () => {
    await expect(parametersAndSecretsExtension().secret('no-such-secret')).rejects.toThrow(
      "secret no-such-secret is not configured (missing, or not readable by this function's role): the Parameters and Secrets extension answered 400: ResourceNotFoundException: not found",
    );
  });
});

describe('the extension failing', () => {
  it('passes on another error status with what the extension said', async () => {
    const read = parametersAndSecretsExtension().parameter(SERVICE_DOWN);
    await expect(read).rejects.toThrow(
      `parameter ${SERVICE_DOWN}: the Parameters and Secrets extension answered 502: BadGateway: the service failed`,
    );
    await expect(read).rejects.not.toBeInstanceOf(SecretNotConfiguredError);
  });

  it('says so when the token is not the session token (the extension refuses the request)', async () => {
    vi.stubEnv('AWS_SESSION_TOKEN', 'another-token');
    await expect(parametersAndSecretsExtension().parameter('/vigie/example/outbound')).rejects.toThrow(
      'parameter /vigie/example/outbound: the Parameters and Secrets extension answered 401: unauthorized',
    );
  });

  it('names the parameter and the port when nothing listens there (layer missing)', async () => {
    const closed = createServer();
    const port = await new Promise<number>((resolve) =>
      closed.listen(0, '127.0.0.1', () => resolve((closed.address() as AddressInfo).port)),
    );
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    vi.stubEnv('PARAMETERS_SECRETS_EXTENSION_HTTP_PORT', String(port));
    await expect(parametersAndSecretsExtension().parameter('/vigie/example/outbound')).rejects.toThrow(
      `parameter /vigie/example/outbound: the Parameters and Secrets extension is unreachable at http://localhost:${port} (ECONNREFUSED); is its layer attached to this function?`,
    );
  });
});

describe('configuration, read and checked at init', () => {
  it('needs the port the layer sets', () => {
    vi.stubEnv('PARAMETERS_SECRETS_EXTENSION_HTTP_PORT', '');
    expect(() => parametersAndSecretsExtension()).toThrow(
      'environment variable PARAMETERS_SECRETS_EXTENSION_HTTP_PORT is required',
    );
    expect(() => ParameterStoreSigningSecrets.throughExtension()).toThrow(
      'environment variable PARAMETERS_SECRETS_EXTENSION_HTTP_PORT is required',
    );
  });

  it('refuses a port that is not one', () => {
    vi.stubEnv('PARAMETERS_SECRETS_EXTENSION_HTTP_PORT', '70000');
    expect(() => parametersAndSecretsExtension()).toThrow(
      'PARAMETERS_SECRETS_EXTENSION_HTTP_PORT must be a port number (1-65535), got 70000',
    );
  });

  it('needs the session token Lambda sets', () => {
    vi.stubEnv('AWS_SESSION_TOKEN', '');
    expect(() => parametersAndSecretsExtension()).toThrow(
      'environment variable AWS_SESSION_TOKEN is required',
    );
  });
});
