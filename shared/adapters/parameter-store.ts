/**
 * Port: the secrets the client file names (webhook secrets, network tokens, signing secrets of the
 * webhook publishers and outbound webhooks), by name. They are Parameter Store SecureStrings,
 * standard tier (no monthly fee, unlike a Secrets Manager secret), encrypted with the AWS-managed
 * `aws/ssm` key. In Lambda they are read through the Parameters and Secrets extension
 * (parameters-and-secrets-extension.ts), decrypted, and cached there for 5 minutes: a rotated value
 * is picked up within 5 minutes, and a warm instance calls GetParameter at most once per secret per
 * 5 minutes.
 *
 * `parameter` answers the value, or throws when the parameter cannot be read (missing, not granted,
 * extension unreachable): the invocation fails and is retried.
 */
export interface SecureStrings {
  parameter(name: string): Promise<string>;
}
