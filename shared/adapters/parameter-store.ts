import { getParameter } from '@aws-lambda-powertools/parameters/ssm';

/**
 * A secret the client file names (webhook secrets, network tokens, signing secrets of the webhook
 * publishers and outbound webhooks): a Parameter Store SecureString, standard tier (no monthly fee,
 * unlike a Secrets Manager secret), encrypted with the AWS-managed `aws/ssm` key. Read through
 * Powertools Parameters, decrypted, and cached for 5 minutes per instance: a rotated value is picked
 * up within 5 minutes, and a warm instance calls GetParameter at most once per secret per 5 minutes.
 */
export async function readSecureString(name: string): Promise<string | undefined> {
  return (await getParameter(name, { decrypt: true, maxAge: 300 })) ?? undefined;
}
