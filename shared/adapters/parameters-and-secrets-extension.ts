import { requiredEnv } from '../runtime/required-env.ts';
import type { SecureStrings } from './parameter-store.ts';

/**
 * Parameter Store and Secrets Manager read through the AWS Parameters and Secrets Lambda Extension,
 * an AWS-managed layer (added in infra/constructs/vigie-function.ts to the functions that read a
 * secret) that answers GetParameter and GetSecretValue on a localhost port and caches the answers
 * per execution environment (5 minutes, set there). A plain `fetch`, so no SDK client in the bundle
 * (`@aws-sdk/client-ssm` alone was ~77 KB of each). The role still needs ssm:GetParameter and
 * secretsmanager:GetSecretValue: the extension calls the services with the function's credentials.
 *
 * No cache here: the extension's lives as long as the execution environment, as an in-process one
 * would, and a second cache in front of it would double the time a rotated value takes to be picked
 * up. A cached read costs one loopback request.
 *
 * The extension answers during invocations, not during the function's init: read secrets in the
 * handler, never at module scope.
 */
export class ParametersAndSecretsExtension implements SecureStrings {
  private readonly origin: string;

  constructor(private readonly endpoint: { port: number; sessionToken: string }) {
    this.origin = `http://localhost:${endpoint.port}`;
  }

  /** A Parameter Store parameter, decrypted (SecureString). */
  async parameter(name: string): Promise<string> {
    const query = new URLSearchParams({ name, withDecryption: 'true' });
    const answer = await this.get(`/systemsmanager/parameters/get?${query}`, `parameter ${name}`);
    return stringAt(answer, ['Parameter', 'Value'], `parameter ${name}`);
  }

  /** The SecretString of a Secrets Manager secret (name or ARN), current version. */
  async secret(secretId: string): Promise<string> {
    const query = new URLSearchParams({ secretId });
    const answer = await this.get(`/secretsmanager/get?${query}`, `secret ${secretId}`);
    return stringAt(answer, ['SecretString'], `secret ${secretId}`);
  }

  private async get(path: string, what: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.origin}${path}`, {
        // Proves the caller runs inside this execution environment (the extension refuses others).
        headers: { 'X-Aws-Parameters-Secrets-Token': this.endpoint.sessionToken },
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(
        `${what}: the Parameters and Secrets extension is unreachable at ${this.origin} (${cause?.code ?? cause?.message ?? String(error)}); is its layer attached to this function?`,
      );
    }
    const body = await response.text();
    if (response.status === 400 || response.status === 404) {
      throw new SecretNotConfiguredError(what, response.status, body);
    }
    if (!response.ok) {
      throw new Error(
        `${what}: the Parameters and Secrets extension answered ${response.status}: ${excerpt(body)}`,
      );
    }
    try {
      return JSON.parse(body);
    } catch {
      throw new Error(
        `${what}: the Parameters and Secrets extension answered ${response.status} without JSON`,
      );
    }
  }
}

/**
 * The extension found nothing under that name, or may not read it (it answers 400 with the service's
 * error, ParameterNotFound / ResourceNotFoundException / AccessDeniedException, in the body). Thrown,
 * as the SDK did: the invocation fails and is retried once the secret is created or granted.
 */
export class SecretNotConfiguredError extends Error {
  constructor(what: string, status: number, body: string) {
    super(
      `${what} is not configured (missing, or not readable by this function's role): the Parameters and Secrets extension answered ${status}: ${excerpt(body)}`,
    );
    this.name = 'SecretNotConfiguredError';
  }
}

/**
 * The extension as the layer configures it: its port (PARAMETERS_SECRETS_EXTENSION_HTTP_PORT, set
 * with the layer) and the session token Lambda hands every function. Read and checked at init: a
 * function without the layer fails its cold start, not its first secret read.
 */
export function parametersAndSecretsExtension(): ParametersAndSecretsExtension {
  const portText = requiredEnv('PARAMETERS_SECRETS_EXTENSION_HTTP_PORT');
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(
      `PARAMETERS_SECRETS_EXTENSION_HTTP_PORT must be a port number (1-65535), got ${portText}`,
    );
  }
  return new ParametersAndSecretsExtension({ port, sessionToken: requiredEnv('AWS_SESSION_TOKEN') });
}

function stringAt(answer: unknown, path: readonly string[], what: string): string {
  let value: unknown = answer;
  for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key];
  if (typeof value !== 'string') {
    throw new Error(`${what}: the Parameters and Secrets extension's answer has no ${path.join('.')} string`);
  }
  return value;
}

/** Error bodies hold the service's message, never a value; bounded all the same. */
function excerpt(body: string): string {
  return body.length > 300 ? `${body.slice(0, 300)}…` : body;
}
